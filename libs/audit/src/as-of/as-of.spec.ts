import type { EventStore, RecordedEvent } from '@maillage/event-store';
import {
  projectRequestSummary,
  type RequestSummary,
  SqliteRequestReadModel,
} from '@maillage/service-requests';
import { readLog } from '../replay/read-log';
import {
  CC_GIENNOISES,
  LOIRET,
  seedRequests,
  type SeededRequest,
  TestClock,
  tempSqliteStore,
} from '../testing/seed-log';
import { authorityAsOf, requestAsOf } from './as-of';

describe('as-of', () => {
  let store: EventStore;
  let requests: SeededRequest[];
  let all: RecordedEvent[];

  beforeAll(async () => {
    const clock = new TestClock();
    store = tempSqliteStore(clock).store;
    requests = await seedRequests(store, clock, 8);
    all = [];
    for await (const event of readLog(store)) all.push(event);
  });
  afterAll(() => store.close());

  /** The state "by hand": fold the log's events recorded up to `at`, one by one. */
  const byHand = (streamId: string, at: string): RequestSummary | null =>
    all
      .filter((e) => e.streamId === streamId && e.recordedAt <= at)
      .reduce<RequestSummary | null>((summary, e) => projectRequestSummary(summary, e), null);

  it('gives a request the state of replaying its log by hand up to each instant', async () => {
    const target = requests.find((r) => r.targets.length === 2)!; // filed, routed, transferred
    const instants = [
      ...new Set(all.filter((e) => e.streamId === target.streamId).map((e) => e.recordedAt)),
    ];
    const before = new Date(Date.parse(instants[0]!) - 1).toISOString();
    expect(await requestAsOf(store, target.requestId, before)).toBeNull();
    for (const at of instants) {
      const state = await requestAsOf(store, target.requestId, at);
      expect(state).toEqual(byHand(target.streamId, at));
    }
    const statuses = await Promise.all(
      instants.map(async (at) => (await requestAsOf(store, target.requestId, at))!.status),
    );
    expect(statuses).toEqual(expect.arrayContaining(['routed', 'acknowledged', 'in_progress']));
  });

  it('ends on exactly what the read model holds now', async () => {
    const readModel = new SqliteRequestReadModel(':memory:');
    await readModel.apply(all);
    const now = all.at(-1)!.recordedAt;
    for (const request of requests) {
      expect(await requestAsOf(store, request.requestId, now)).toEqual(
        await readModel.get(request.requestId),
      );
    }
    await readModel.close();
  });

  it('lists an authority’s requests as they stood, only those it was involved in by then', async () => {
    const transferred = requests.find((r) => r.targets.length === 2)!;
    const transfer = all.find(
      (e) => e.streamId === transferred.streamId && e.type === 'RequestTransferred',
    )!;
    const justBefore = new Date(Date.parse(transfer.recordedAt) - 1).toISOString();
    const before = await authorityAsOf(store, CC_GIENNOISES, justBefore);
    const after = await authorityAsOf(store, CC_GIENNOISES, transfer.recordedAt);
    expect(before.map((s) => s.id)).not.toContain(transferred.requestId);
    expect(after.map((s) => s.id)).toContain(transferred.requestId);
    for (const summary of after)
      expect(summary).toEqual(byHand(`request-${summary.id}`, transfer.recordedAt));
    // Loiret keeps the request it transferred away: it was involved.
    expect((await authorityAsOf(store, LOIRET, transfer.recordedAt)).map((s) => s.id)).toContain(
      transferred.requestId,
    );
  });

  it('refuses an instant that is not a date-time', async () => {
    await expect(requestAsOf(store, requests[0]!.requestId, 'yesterday')).rejects.toThrow(
      RangeError,
    );
  });
});
