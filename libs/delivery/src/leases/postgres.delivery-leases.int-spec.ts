import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL } from '@maillage/http-api/testing';
import { PostgresDeliveryLeases } from './postgres.delivery-leases';

describeWithPostgres('PostgresDeliveryLeases (session advisory locks)', () => {
  const schema = `leases_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const opened: PostgresDeliveryLeases[] = [];
  const leases = (): PostgresDeliveryLeases => {
    const created = new PostgresDeliveryLeases(TEST_DATABASE_URL, schema);
    opened.push(created);
    return created;
  };
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(opened.map((created) => created.close()));
    await admin.end();
  });

  /** Backends holding the lock of a connector, as PostgreSQL reports them. */
  async function holders(connectorId: string): Promise<number[]> {
    const result = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND classid = (hashtext($1)::bigint & 4294967295)::text::oid
          AND objid = (hashtext($2)::bigint & 4294967295)::text::oid`,
      [`maillage.webhooks.${schema}`, connectorId],
    );
    return result.rows.map((row) => row.pid);
  }

  it('gives a connector to one instance at a time, each connector on its own', async () => {
    const first = leases();
    const second = leases();
    const held = await first.tryAcquire('gien-grc');
    expect(held).not.toBeNull();
    expect(await second.tryAcquire('gien-grc')).toBeNull();
    expect(await holders('gien-grc')).toHaveLength(1);
    const other = await second.tryAcquire('loiret-grc');
    expect(other).not.toBeNull();

    await held!.release();
    expect(held!.lost.aborted).toBe(false);
    const taken = await second.tryAcquire('gien-grc');
    expect(taken).not.toBeNull();
    expect(await first.tryAcquire('gien-grc')).toBeNull();
    await taken!.release();
    await other!.release();
    expect(await holders('gien-grc')).toEqual([]);
  });

  it('frees the leases of a session that ends, and tells its holder they are lost', async () => {
    const dying = leases();
    const survivor = leases();
    const held = await dying.tryAcquire('epci-grc');
    expect(await survivor.tryAcquire('epci-grc')).toBeNull();

    // What a kill -9 or a cut connection does, seen from the server: the backend goes.
    const [pid] = await holders('epci-grc');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitUntil(() => held!.lost.aborted);
    const taken = await survivor.tryAcquire('epci-grc');
    expect(taken).not.toBeNull();

    // The instance that lost its session opens another and competes again.
    expect(await dying.tryAcquire('epci-grc')).toBeNull();
    expect(await dying.tryAcquire('another-grc')).not.toBeNull();
    await held!.release();
    expect(await holders('epci-grc')).toHaveLength(1);
  });

  it('releases everything it holds when closed', async () => {
    const closing = leases();
    const next = leases();
    await closing.tryAcquire('a-grc');
    await closing.tryAcquire('b-grc');
    expect(await next.tryAcquire('a-grc')).toBeNull();
    await closing.close();
    expect(await next.tryAcquire('a-grc')).not.toBeNull();
    expect(await next.tryAcquire('b-grc')).not.toBeNull();
    await expect(closing.tryAcquire('c-grc')).rejects.toThrow(/closed/);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
