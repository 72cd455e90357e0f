import { Pool, type PoolClient } from 'pg';

import type { RecordedEvent } from '../event-store.port';
import { catchUpSubscription } from '../subscription/catch-up.subscription';
import { sleep, someEvents, waitFor } from '../testing/contract-fixture';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  randomSchema,
} from '../testing/postgres-test-database';
import { PostgresEventStore } from './postgres.event-store';

interface Delivered {
  readonly eventId: string;
  readonly position: number;
}

/**
 * What a subscriber must observe: every committed event, once, at strictly increasing positions.
 * Shared by the real store and the naive design below, so we know it does detect a skip.
 */
function deliveryProblems(delivered: readonly Delivered[], committedIds: readonly string[]) {
  const seen = new Set(delivered.map((d) => d.eventId));
  return {
    missing: committedIds.filter((id) => !seen.has(id)),
    repeated: delivered.length - seen.size,
    backwards: delivered.filter((d, i) => i > 0 && d.position <= delivered[i - 1]!.position).length,
  };
}

const NO_PROBLEM = { missing: [], repeated: 0, backwards: 0 };

/**
 * The trap (ARCHITECTURE.md, "Ports and adapters"): a transaction that took position 41 commits
 * after the one that took 42, a reader that moved past 42 never sees 41. These tests hold one
 * append transaction open while later appends are issued, then check what a live subscriber saw.
 */
describePostgres('PostgreSQL global log commit order', () => {
  const schema = randomSchema('order');
  afterAll(() => dropSchema(schema));

  it('a subscriber neither skips nor reorders an append whose transaction commits late', async () => {
    let holding = false;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const options = { connectionString: DATABASE_URL, schema, pollIntervalMs: 20 };
    // Three stores = three processes: `slow` pauses inside its append transaction (the store's
    // own append path, stopped just before COMMIT with the rows inserted and the head locked).
    const slow = await PostgresEventStore.create({
      ...options,
      beforeCommit: async () => {
        if (!holding) return;
        holding = false;
        entered();
        await gate;
      },
    });
    const fast = await PostgresEventStore.create(options);
    const reader = await PostgresEventStore.create(options);
    const delivered: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll((event) => {
      delivered.push(event);
      return Promise.resolve();
    });

    const warmUp = someEvents(2);
    await fast.appendToStream('order-warm-up', warmUp, { expectedRevision: 'no_stream' });
    await waitFor(() => delivered.length === 2, 'the warm-up events');

    holding = true;
    const heldEvents = someEvents(3);
    const held = slow.appendToStream('order-held', heldEvents, { expectedRevision: 'no_stream' });
    await inside;
    const laterEvents = Array.from({ length: 5 }, () => someEvents(1));
    let laterCommitted = 0;
    const later = laterEvents.map((events, i) =>
      fast
        .appendToStream(`order-later-${i}`, events, { expectedRevision: 'no_stream' })
        .then(() => void laterCommitted++),
    );
    await sleep(300);
    // By design, later appends wait on the log_head lock: none can commit before the held one.
    // (With a bigserial they would have committed by now, and been delivered first.)
    expect(laterCommitted).toBe(0);
    expect(delivered).toHaveLength(2);

    release();
    await held;
    await Promise.all(later);
    const committed = [...warmUp, ...heldEvents, ...laterEvents.flat()].map((e) => e.eventId);
    await waitFor(() => delivered.length >= committed.length, 'every committed event');
    await sleep(200);
    await subscription.stop();

    expect(deliveryProblems(delivered, committed)).toEqual(NO_PROBLEM);
    expect(delivered.map((e) => e.eventId)).toEqual(committed);
    const positions = delivered.map((e) => e.position);
    expect(positions).toEqual(positions.map((_, i) => i + 1)); // dense: no sequence, no gap
    await Promise.all([slow.close(), fast.close(), reader.close()]);
  });

  it('detects the skip on a naive bigserial log (so the test above can fail)', async () => {
    const pool = new Pool({ connectionString: DATABASE_URL, max: 3 });
    const table = `"${schema}".naive_log`;
    await pool.query(
      `CREATE TABLE ${table} (position bigserial PRIMARY KEY, event_id text NOT NULL)`,
    );
    // Same catch-up subscription as the stores use, over `WHERE position > $after`.
    const delivered: Delivered[] = [];
    const subscription = catchUpSubscription(
      {
        readAll: async ({ after, maxCount }) => {
          const { rows } = await pool.query<{ position: string; event_id: string }>(
            `SELECT position, event_id FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`,
            [after, maxCount],
          );
          return rows.map(
            (r) => ({ position: Number(r.position), eventId: r.event_id }) as RecordedEvent,
          );
        },
        onAppended: () => () => undefined,
        pollIntervalMs: 10,
      },
      (event) => {
        delivered.push({ eventId: event.eventId, position: event.position });
        return Promise.resolve();
      },
    );

    const heldClient: PoolClient = await pool.connect();
    await heldClient.query('BEGIN');
    await heldClient.query(`INSERT INTO ${table} (event_id) VALUES ('held')`); // takes position 1
    await pool.query(`INSERT INTO ${table} (event_id) VALUES ('later')`); // takes 2, commits first
    await waitFor(() => delivered.length === 1, 'the later event');
    await heldClient.query('COMMIT'); // position 1 becomes visible behind the reader's back
    heldClient.release();
    await sleep(150);
    await subscription.stop();
    await pool.end();

    expect(deliveryProblems(delivered, ['held', 'later'])).toEqual({
      missing: ['held'],
      repeated: 0,
      backwards: 0,
    });
  });
});
