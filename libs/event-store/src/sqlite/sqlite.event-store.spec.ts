import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { anEvent, someEvents } from '../testing/contract-fixture';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteCheckpointStore } from './sqlite.checkpoint-store';
import { SqliteEventStore } from './sqlite.event-store';

function tempPath(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-es-'));
  return {
    path: join(dir, 'nested', 'events.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

eventStoreContract('SqliteEventStore contract', () => {
  const file = tempPath();
  const store = new SqliteEventStore({ path: file.path, pollIntervalMs: 50 });
  const checkpoints = new SqliteCheckpointStore({ path: file.path });
  return Promise.resolve({
    store,
    checkpoints,
    async cleanup() {
      await store.close();
      await checkpoints.close();
      file.remove();
    },
  });
});

describe('SqliteEventStore specifics', () => {
  let file: ReturnType<typeof tempPath>;
  beforeEach(() => (file = tempPath()));
  afterEach(() => file.remove());

  /** Counts the transactions the store commits, through its (private) connection. */
  function countCommits(store: SqliteEventStore): () => number {
    const db = (store as unknown as { db: Database.Database }).db;
    const exec = jest.spyOn(db, 'exec');
    return () => exec.mock.calls.filter(([sql]) => sql === 'COMMIT').length;
  }

  it('commits appends issued in the same turn in one transaction, in issue order', async () => {
    const store = new SqliteEventStore({ path: file.path });
    const commits = countCommits(store);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.appendToStream('request-1', [anEvent('E', { i })], {
          expectedRevision: i === 0 ? 'no_stream' : i - 1,
        }),
      ),
    );
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1, 2, 3, 4]);
    expect(commits()).toBe(1);
    await store.close();
  });

  it('bounds the size of a group commit', async () => {
    const store = new SqliteEventStore({ path: file.path, maxBatchSize: 2 });
    const commits = countCommits(store);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.appendToStream(`request-${i}`, someEvents(1), { expectedRevision: 'no_stream' }),
      ),
    );
    expect(commits()).toBe(3);
    await store.close();
  });

  it('rolls back only the append that failed unexpectedly inside a group commit', async () => {
    const store = new SqliteEventStore({ path: file.path });
    const db = (store as unknown as { db: Database.Database }).db;
    db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison'
             BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    const outcomes = await Promise.allSettled([
      store.appendToStream('request-a', someEvents(1), { expectedRevision: 'no_stream' }),
      store.appendToStream('request-b', [anEvent('Fine'), anEvent('Poison')], {
        expectedRevision: 'no_stream',
      }),
      store.appendToStream('request-c', someEvents(1), { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream('request-b')).toEqual([]);
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['request-a', 'request-c']);
    await store.close();
  });

  it('stamps recordedAt with the injected clock and keeps the data after reopening', async () => {
    const now = () => new Date('2025-03-14T09:26:53.589Z');
    const store = new SqliteEventStore({ path: file.path, now });
    await store.appendToStream('request-2', someEvents(2), { expectedRevision: 'no_stream' });
    await store.close();

    const reopened = new SqliteEventStore({ path: file.path });
    const events = await reopened.readStream('request-2');
    expect(events.map((e) => e.recordedAt)).toEqual([
      '2025-03-14T09:26:53.589Z',
      '2025-03-14T09:26:53.589Z',
    ]);
    expect(await reopened.headPosition()).toBe(2);
    await reopened.close();
  });

  it('refuses to update or delete a recorded event', async () => {
    const store = new SqliteEventStore({ path: file.path });
    await store.appendToStream('request-3', someEvents(1), { expectedRevision: 'no_stream' });
    await store.close();
    const db = new Database(file.path);
    expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow('append-only');
    expect(() => db.prepare('DELETE FROM events').run()).toThrow('append-only');
    db.close();
  });

  it('sees events appended by another connection (another process) by polling', async () => {
    const reader = new SqliteEventStore({ path: file.path, pollIntervalMs: 20 });
    const writer = new SqliteEventStore({ path: file.path });
    const seen: string[] = [];
    const subscription = reader.subscribeToAll((e) => {
      seen.push(e.eventId);
      return Promise.resolve();
    });
    const events = someEvents(3);
    await writer.appendToStream('request-4', events, { expectedRevision: 'no_stream' });
    const deadline = Date.now() + 2_000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(events.map((e) => e.eventId));
    await subscription.stop();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('rejects use after close as unavailable: a request caught by a shutdown may be retried', async () => {
    const store = new SqliteEventStore({ path: file.path });
    await store.close();
    await expect(store.readAll()).rejects.toThrow(EventStoreUnavailableError);
    await expect(
      store.appendToStream('x', someEvents(1), { expectedRevision: 'any' }),
    ).rejects.toThrow(EventStoreUnavailableError);
  });
});
