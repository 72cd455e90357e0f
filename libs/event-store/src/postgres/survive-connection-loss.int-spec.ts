import { Pool, type PoolClient } from 'pg';
import { DATABASE_URL, describePostgres } from '../testing/postgres-test-database';
import { surviveConnectionLoss } from './survive-connection-loss';

/**
 * A PostgreSQL restart (`pg_ctl stop -m immediate`, found by the fault-injection suite) ends every
 * connection at once. pg then emits `error` on the clients that were not running a query, and an
 * `error` event nobody listens to kills the process: the gateway, the projector and the
 * dispatcher all died that way. The connection's end is played here by `pg_terminate_backend`.
 */
describePostgres('surviveConnectionLoss', () => {
  let admin: Pool;
  beforeAll(() => {
    admin = new Pool({ connectionString: DATABASE_URL, max: 1 });
  });
  afterAll(() => admin.end());

  const backendOf = async (client: PoolClient): Promise<number> =>
    (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const terminate = async (pid: number): Promise<void> => {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // The client hears of it on its socket a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('without it, a checked-out client between two queries emits an error nobody listens to', async () => {
    const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
    const client = await pool.connect();
    const emitted: Error[] = [];
    // Listened to here, so that the test shows the event instead of dying of it.
    client.on('error', (error) => emitted.push(error));
    await terminate(await backendOf(client));
    expect(emitted.length).toBeGreaterThan(0);
    client.release(emitted[0]);
    await pool.end();
  });

  it('keeps a client held in a transaction from crashing the process; its next query fails', async () => {
    const pool = surviveConnectionLoss(new Pool({ connectionString: DATABASE_URL, max: 1 }));
    const client = await pool.connect();
    await client.query('BEGIN');
    await terminate(await backendOf(client));
    await expect(client.query('COMMIT')).rejects.toThrow();
    client.release();
    // The dead client is dropped when released: the pool serves a new one.
    await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await pool.end();
  });

  it('keeps an idle client of the pool from crashing the process', async () => {
    const pool = surviveConnectionLoss(new Pool({ connectionString: DATABASE_URL, max: 1 }));
    const client = await pool.connect();
    const pid = await backendOf(client);
    client.release();
    await terminate(pid);
    await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await pool.end();
  });
});
