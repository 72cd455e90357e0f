import { Pool } from 'pg';

import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { anEvent, someEvents } from '../testing/contract-fixture';
import { eventStoreContract } from '../testing/event-store.contract';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  randomSchema,
} from '../testing/postgres-test-database';
import { PostgresCheckpointStore } from './postgres.checkpoint-store';
import { PostgresEventStore } from './postgres.event-store';

describePostgres('PostgresEventStore', () => {
  const schema = randomSchema('es');
  const options = { connectionString: DATABASE_URL, schema, pollIntervalMs: 100 };
  afterAll(() => dropSchema(schema));

  eventStoreContract('contract', async () => {
    const store = await PostgresEventStore.create(options);
    const checkpoints = await PostgresCheckpointStore.create(options);
    return {
      store,
      checkpoints,
      async cleanup() {
        await Promise.all([store.close(), checkpoints.close()]);
      },
    };
  });

  describe('specifics', () => {
    it('commits appends queued together in one transaction, in issue order, with dense positions', async () => {
      let transactions = 0;
      const store = await PostgresEventStore.create({
        ...options,
        beforeCommit: () => {
          transactions++;
          return Promise.resolve();
        },
      });
      const streamId = `request-${schema}-dense`;
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.appendToStream(streamId, [anEvent('E', { i })], {
            expectedRevision: i === 0 ? 'no_stream' : i - 1,
          }),
        ),
      );
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1, 2, 3, 4]);
      const positions = results.map((r) => r.lastPosition);
      expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
      expect(transactions).toBe(1);
      await store.close();
    });

    it('fails only the append PostgreSQL refuses when a group commit breaks', async () => {
      const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
      const poisoned = randomSchema('poison');
      const store = await PostgresEventStore.create({ ...options, schema: poisoned });
      try {
        await pool.query(`
          CREATE FUNCTION "${poisoned}".poison() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.type = 'Poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER poison BEFORE INSERT ON "${poisoned}".events
            FOR EACH ROW EXECUTE FUNCTION "${poisoned}".poison();`);
        const outcomes = await Promise.allSettled([
          store.appendToStream('request-a', someEvents(1), { expectedRevision: 'no_stream' }),
          store.appendToStream('request-b', [anEvent('Fine'), anEvent('Poison')], {
            expectedRevision: 'no_stream',
          }),
          store.appendToStream('request-c', someEvents(1), { expectedRevision: 'no_stream' }),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await store.readAll()).map((e) => [e.streamId, e.position])).toEqual([
          ['request-a', 1],
          ['request-c', 2],
        ]);
      } finally {
        await store.close();
        await pool.end();
        await dropSchema(poisoned);
      }
    });

    it('creates its schema idempotently when several processes start at once', async () => {
      const fresh = randomSchema('init');
      try {
        const stores = await Promise.all(
          Array.from({ length: 4 }, () => PostgresEventStore.create({ ...options, schema: fresh })),
        );
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await dropSchema(fresh);
      }
    });

    it('stamps recordedAt with the injected clock, exactly as hashed', async () => {
      const store = await PostgresEventStore.create({
        ...options,
        now: () => new Date('2025-03-14T09:26:53.589Z'),
      });
      const streamId = `request-${schema}-clock`;
      await store.appendToStream(streamId, someEvents(1), { expectedRevision: 'no_stream' });
      expect((await store.readStream(streamId))[0]!.recordedAt).toBe('2025-03-14T09:26:53.589Z');
      await store.close();
    });

    it('refuses to update, delete or truncate recorded events', async () => {
      const store = await PostgresEventStore.create(options);
      await store.appendToStream(`request-${schema}-frozen`, someEvents(1), {
        expectedRevision: 'no_stream',
      });
      await store.close();
      const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
      try {
        await expect(pool.query(`UPDATE "${schema}".events SET type = 'x'`)).rejects.toThrow(
          'append-only',
        );
        await expect(pool.query(`DELETE FROM "${schema}".events`)).rejects.toThrow('append-only');
        await expect(pool.query(`TRUNCATE "${schema}".events`)).rejects.toThrow('append-only');
      } finally {
        await pool.end();
      }
    });

    it('answers EventStoreUnavailableError when the server cannot be reached', async () => {
      const down = PostgresEventStore.create({
        ...options,
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
      });
      await expect(down).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(down).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE', retriable: true });
    });
  });
});
