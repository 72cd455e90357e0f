import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { Pool } from 'pg';

/** Where integration tests find PostgreSQL. */
export const DATABASE_URL =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers, decided synchronously while jest collects the tests (a describe
 * cannot wait for a promise), by running a one-shot pg client in a child process.
 */
function probe(url: string): string | null {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end())
      .then(() => process.exit(0), (e) => { process.stderr.write(String(e.message)); process.exit(1); });`;
  try {
    execFileSync(process.execPath, ['-e', script, url], {
      timeout: 6_000,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (error as Error).message;
  }
}

// test/global-setup.ts probes once per run and says so here; probing again covers runs without it.
const unreachable = process.env['POSTGRES_UNAVAILABLE'] ?? probe(DATABASE_URL);
const redactedUrl = DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@');

/**
 * `describe` when PostgreSQL is reachable. When it is not: `describe.skip` with a title saying
 * why — except on CI (`CI=true`), where a missing database must fail the run, not hide it.
 */
export function describePostgres(title: string, body: () => void): void {
  if (unreachable === null) {
    describe(title, body);
  } else if (process.env['CI'] === 'true') {
    describe(`${title} (PostgreSQL unreachable at ${redactedUrl})`, () => {
      beforeAll(() => {
        throw new Error(`PostgreSQL unreachable at ${redactedUrl} and CI=true: ${unreachable}`);
      });
      body();
    });
  } else {
    describe.skip(
      `${title} (skipped: PostgreSQL unreachable at ${redactedUrl}: ${unreachable})`,
      body,
    );
  }
}

/** A random schema name for one test file, dropped by `dropSchema`. */
export function randomSchema(label: string): string {
  return `test_${label}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}
