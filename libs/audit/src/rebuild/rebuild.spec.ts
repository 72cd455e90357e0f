import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import { type RequestSummary, SqliteRequestReadModel } from '@maillage/service-requests';
import { readLog } from '../replay/read-log';
import { seedRequests, TestClock, tempSqliteStore } from '../testing/seed-log';
import { canonicalDump, dumpRequestReadModel, sha256 } from './request-read-model-dump';

/** Rebuilds the hub's SQLite read model from position zero, in batches, and dumps it canonically. */
async function rebuildSqliteReadModel(
  events: readonly RecordedEvent[],
  batch: number,
): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'maillage-rebuild-')), 'read-models.sqlite');
  const readModel = new SqliteRequestReadModel(path);
  await readModel.reset();
  for (let i = 0; i < events.length; i += batch) await readModel.apply(events.slice(i, i + batch));
  await readModel.close();
  const db = new Database(path, { readonly: true });
  const bodies = db.prepare('SELECT id, body FROM request_summaries').all() as {
    id: string;
    body: string;
  }[];
  const links = db.prepare('SELECT authority, request_id FROM request_authorities').all() as {
    authority: string;
    request_id: string;
  }[];
  db.close();
  return canonicalDump(
    bodies.map(({ id, body }) => ({
      summary: JSON.parse(body) as RequestSummary,
      authorities: links.filter((link) => link.request_id === id).map((link) => link.authority),
    })),
  );
}

describe('rebuilding the request read model from position zero', () => {
  let store: EventStore;
  let events: RecordedEvent[];

  beforeAll(async () => {
    const clock = new TestClock();
    store = tempSqliteStore(clock).store;
    await seedRequests(store, clock, 10);
    events = [];
    for await (const event of readLog(store)) events.push(event);
  });
  afterAll(() => store.close());

  it('gives byte-identical results twice, and the same as the hub’s SQLite read model', async () => {
    const first = await dumpRequestReadModel(store);
    const second = await dumpRequestReadModel(store);
    expect(first.requests).toBe(10);
    expect(second.sha256).toBe(first.sha256);
    expect(second.dump).toBe(first.dump);
    // The hub's own read model, rebuilt twice with different batch sizes, dumps the same bytes.
    const sqliteA = await rebuildSqliteReadModel(events, 500);
    const sqliteB = await rebuildSqliteReadModel(events, 3);
    expect(sha256(sqliteA)).toBe(sha256(sqliteB));
    expect(sha256(sqliteA)).toBe(first.sha256);
  });
});
