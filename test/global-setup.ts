import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import kafkaGlobalSetup from './kafka/global-setup';

/**
 * Probes or starts the services integration suites need, once per run: PostgreSQL is probed,
 * the local Kafka broker is started unless KAFKA_BROKERS names one (test/kafka/global-setup.ts).
 * Under CI (CI=true) a missing service fails the run: a skipped integration suite must not pass
 * as green. `MAILLAGE_TEST_SERVICES=none` (npm run test:unit) starts nothing.
 *
 * Every run also captures the logs of its test processes (test/log-scan/capture-logs.setup.ts)
 * in MAILLAGE_LOG_CAPTURE_DIR (a fresh temp directory unless set), which global-teardown.ts scans
 * for personal data.
 */
export default async function globalSetup(): Promise<void> {
  const captureDir = process.env['MAILLAGE_LOG_CAPTURE_DIR'];
  if (captureDir) {
    // A directory of one's own choosing: the logs of this run only.
    mkdirSync(captureDir, { recursive: true });
    for (const file of readdirSync(captureDir).filter((name) => /^\d+\.log$/.test(name))) {
      rmSync(join(captureDir, file));
    }
  } else {
    process.env['MAILLAGE_LOG_CAPTURE_DIR'] = mkdtempSync(join(tmpdir(), 'maillage-test-logs-'));
    process.env['MAILLAGE_LOG_CAPTURE_TEMPORARY'] = '1';
  }
  if (process.env['MAILLAGE_TEST_SERVICES'] === 'none') {
    process.env['POSTGRES_UNAVAILABLE'] = 'MAILLAGE_TEST_SERVICES=none';
    process.env['KAFKA_UNAVAILABLE'] = 'MAILLAGE_TEST_SERVICES=none';
    return;
  }
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    const reason = `PostgreSQL unreachable at ${url}: ${(error as Error).message}`;
    if (process.env['CI'] === 'true')
      throw new Error(`${reason} (required under CI)`, { cause: error });
    console.warn(`\n[maillage] ${reason}; PostgreSQL suites will be skipped.`);
    process.env['POSTGRES_UNAVAILABLE'] = reason;
  }
  await kafkaGlobalSetup();
}
