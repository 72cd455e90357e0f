import { Client } from 'pg';
import kafkaGlobalSetup from './kafka/global-setup';

/**
 * Probes or starts the services integration suites need, once per run: PostgreSQL is probed,
 * the local Kafka broker is started unless KAFKA_BROKERS names one (test/kafka/global-setup.ts).
 * Under CI (CI=true) a missing service fails the run: a skipped integration suite must not pass
 * as green. `MAILLAGE_TEST_SERVICES=none` (npm run test:unit) starts nothing.
 */
export default async function globalSetup(): Promise<void> {
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
