import { randomBytes } from 'node:crypto';

import { Pool, type PoolClient } from 'pg';

import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import { processedMessagesContract } from '../testing/processed-messages.contract';
import { PostgresProcessedMessages } from './postgres.processed-messages';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
// test/global-setup.ts probes PostgreSQL once per run: it fails the run under CI=true when
// PostgreSQL is missing, and otherwise sets POSTGRES_UNAVAILABLE so that this suite skips.
const unavailable = process.env['POSTGRES_UNAVAILABLE'];
const describePostgres = unavailable ? describe.skip : describe;

describePostgres(
  `PostgresProcessedMessages${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const schema = `test_processed_${randomBytes(4).toString('hex')}`;
    let pool: Pool;

    beforeAll(() => {
      pool = new Pool({ connectionString: DATABASE_URL, max: 5 });
    });
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });

    describe('contract', () => {
      let table = 0;
      processedMessagesContract<PoolClient>(async () => {
        table += 1;
        const store = new PostgresProcessedMessages({ pool, schema, table: `marks_${table}` });
        await store.ensureSchema();
        await store.ensureSchema(); // idempotent
        const effects = `"${schema}"."effects_${table}"`;
        await pool.query(
          `CREATE TABLE ${effects} (seq bigserial PRIMARY KEY, value text NOT NULL)`,
        );
        return {
          store,
          write: async (tx, value) =>
            void (await tx.query(`INSERT INTO ${effects} (value) VALUES ($1)`, [value])),
          written: async () =>
            (
              await pool.query<{ value: string }>(`SELECT value FROM ${effects} ORDER BY seq`)
            ).rows.map((r) => r.value),
        };
      });
    });

    it('reports an unreachable database as DedupStoreUnavailableError, without running the effect', async () => {
      const deadPool = new Pool({
        connectionString: 'postgres://postgres@127.0.0.1:1/none',
        connectionTimeoutMillis: 500,
      });
      const store = new PostgresProcessedMessages({ pool: deadPool });
      const effect = jest.fn(() => Promise.resolve());
      const failure = await store
        .processOnce('projector', 'evt-1', effect)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DedupStoreUnavailableError);
      expect(failure).toMatchObject({ code: 'MESSAGING.DEDUP_STORE_UNAVAILABLE', retriable: true });
      expect(effect).not.toHaveBeenCalled();
      await deadPool.end();
    });
  },
);
