import { PassThrough, Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import {
  CC_GIENNOISES,
  GIEN,
  LOIRET,
  seedRequests,
  type SeededRequest,
  TestClock,
  tempSqliteStore,
} from '../testing/seed-log';
import { formatHistory } from './history-format';
import { readLog } from './read-log';
import { replayHistory } from './replay-history';
import { writeLines } from './write-lines';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('replayHistory', () => {
  let store: EventStore;
  let requests: SeededRequest[];
  let all: RecordedEvent[];

  beforeAll(async () => {
    const clock = new TestClock();
    store = tempSqliteStore(clock).store;
    requests = await seedRequests(store, clock, 9);
    all = await collect(readLog(store));
  });
  afterAll(() => store.close());

  it('replays one request, in order, with small pages', async () => {
    const target = requests[2]!;
    const events = await collect(
      replayHistory(store, { requestId: target.requestId }, { pageSize: 2 }),
    );
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events).toEqual(all.filter((e) => e.streamId === target.streamId));
  });

  it('replays every request that involved an authority — its whole history, filing included', async () => {
    const events = await collect(
      replayHistory(store, { authority: CC_GIENNOISES }, { pageSize: 7 }),
    );
    const involved = new Set(
      requests.filter((r) => r.targets.includes(CC_GIENNOISES)).map((r) => r.streamId),
    );
    expect(involved.size).toBeGreaterThan(0);
    expect(events).toEqual(all.filter((e) => involved.has(e.streamId)));
    // A request transferred to CC Giennoises shows its filing at Gien and its time at Loiret too.
    const transferred = requests.find((r) => r.targets.length === 2)!;
    expect(events.filter((e) => e.streamId === transferred.streamId)[0]?.type).toBe('RequestFiled');
    const gien = await collect(replayHistory(store, { authority: GIEN }));
    expect(new Set(gien.map((e) => e.streamId))).toEqual(
      new Set(requests.filter((r) => r.origin === GIEN).map((r) => r.streamId)),
    );
  });

  it('filters a period, event types and a category, combined', async () => {
    const from = all[10]!.recordedAt;
    const to = all[40]!.recordedAt;
    const events = await collect(
      replayHistory(store, {
        from,
        to,
        types: ['StatusChanged', 'RequestAcknowledged'],
        category: 'roads.departmental',
      }),
    );
    const roads = new Set(
      requests.filter((r) => r.category === 'roads.departmental').map((r) => r.streamId),
    );
    const expected = all.filter(
      (e) =>
        e.recordedAt >= from &&
        e.recordedAt <= to &&
        ['StatusChanged', 'RequestAcknowledged'].includes(e.type) &&
        roads.has(e.streamId),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(events).toEqual(expected);
    expect(
      await collect(replayHistory(store, { authority: LOIRET, category: 'waste.collection' })),
    ).toEqual([]);
  });

  it('holds two pages at most: the page after next is read only when the consumer asks', async () => {
    const reads: number[] = [];
    const counting: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'> = {
      readAll: (options) => {
        reads.push(options?.after ?? 0);
        return store.readAll(options);
      },
      readStream: (id, options) => store.readStream(id, options),
      headPosition: () => store.headPosition(),
    };
    const iterator = replayHistory(counting, {}, { pageSize: 10 })[Symbol.asyncIterator]();
    await iterator.next();
    // The first page is being taken; the second is read ahead, no further.
    expect(reads).toEqual([0, all[9]!.position]);
    for (let i = 1; i < 15; i++) await iterator.next();
    expect(reads).toEqual([0, all[9]!.position, all[19]!.position]);
    await iterator.return(undefined);
  });

  it('writes with back-pressure: a slow reader slows the replay down instead of filling memory', async () => {
    let pulled = 0;
    const lines = (async function* () {
      for await (const line of formatHistory(readLog(store, { pageSize: 5 }), 'ndjson')) {
        pulled++;
        yield line;
      }
    })();
    const chunks: string[] = [];
    let release: (() => void) | null = null;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        release = callback;
      },
    });
    const writing = writeLines(lines, slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Only what fits in the writable's buffer (plus one line) was pulled from the store.
    expect(pulled).toBeLessThan(10);
    const drain = setInterval(() => release?.(), 1);
    expect(await writing).toBe(all.length);
    clearInterval(drain);
    // Lines are written in chunks of up to the high-water mark, each ending with a whole line.
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.length).toBeLessThan(all.length);
    const written = chunks.join('').trimEnd().split('\n');
    expect(written.map((line) => (JSON.parse(line) as { position: number }).position)).toEqual(
      all.map((e) => e.position),
    );
  });

  it('formats who, when, why and the hash chain, as NDJSON and as RFC 4180 CSV', async () => {
    const target = requests[0]!;
    const [ndjsonFiled] = await collect(
      formatHistory(replayHistory(store, { requestId: target.requestId }), 'ndjson'),
    );
    const line = JSON.parse(ndjsonFiled!);
    const filed = all.find((e) => e.streamId === target.streamId)!;
    expect(line).toMatchObject({
      position: filed.position,
      requestId: target.requestId,
      type: 'RequestFiled',
      authority: GIEN,
      connector: 'gien-grc',
      occurredAt: filed.metadata['occurredAt'],
      recordedAt: filed.recordedAt,
      correlationId: filed.metadata['correlationId'],
      causationId: null,
      hash: filed.hash,
      previousHash: null,
      hasPersonalData: true,
    });
    expect(ndjsonFiled).not.toContain('Citoyen'); // personal data stays out of the replay
    const csv = await collect(
      formatHistory(replayHistory(store, { requestId: target.requestId }), 'csv'),
    );
    expect(csv[0]).toMatch(
      /^position,recordedAt,occurredAt,streamId,requestId,revision,type,authority,connector,correlationId,causationId,eventId,hash,previousHash,hasPersonalData,data\r\n$/,
    );
    expect(csv[1]).toContain(`""requestId"":""${target.requestId}""`);
    expect(csv).toHaveLength(1 + all.filter((e) => e.streamId === target.streamId).length);
  });

  it('streams 20 000 events with bounded heap', async () => {
    const clock = new TestClock();
    const big = tempSqliteStore(clock).store;
    try {
      const appends: Promise<unknown>[] = [];
      for (let i = 0; i < 20_000; i++) {
        appends.push(
          big.appendToStream(
            `request-${i % 500}`,
            [
              {
                eventId: `e${i}`,
                type: 'CommentAdded',
                data: { requestId: `${i % 500}`, text: 'x'.repeat(200) },
                personal: null,
                metadata: { actor: { authority: GIEN, connector: null } },
              },
            ],
            { expectedRevision: 'any' },
          ),
        );
      }
      await Promise.all(appends);
      // A real collection before each sample, so that the samples measure what is retained.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let count = 0;
      const sink = new PassThrough();
      sink.resume();
      const lines = (async function* () {
        for await (const line of formatHistory(
          replayHistory(big, {}, { pageSize: 500 }),
          'ndjson',
        )) {
          if (++count % 5000 === 0) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed);
          }
          yield line;
        }
      })();
      await writeLines(lines, sink);
      expect(count).toBe(20_000);
      // The 20 000 events weigh ~10 MB; a streaming replay retains about one page (500 events).
      expect(peak - before).toBeLessThan(3 * 1024 * 1024);
    } finally {
      await big.close();
    }
  });
});
