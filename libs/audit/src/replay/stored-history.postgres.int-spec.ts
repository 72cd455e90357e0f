import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { streamIdFor } from '@maillage/domain';
import {
  canReadStoredLog,
  type EventToAppend,
  type JsonObject,
  PostgresEventStore,
} from '@maillage/event-store';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  randomSchema,
} from '../../../event-store/src/testing/postgres-test-database';
import {
  BRIARE,
  CC_GIENNOISES,
  GIEN,
  LOIRET,
  seedRequests,
  type SeededRequest,
  TestClock,
} from '../testing/seed-log';
import { AuditService } from '../audit.service';
import type { HistoryFilter } from './history-filter';
import { formatHistory } from './history-format';
import { replayHistory } from './replay-history';
import { writeHistory } from './write-history';
import { writeLines } from './write-lines';

/** Everything written to a sink, as bytes. */
async function captured(write: (out: Writable) => Promise<number>): Promise<[Buffer, number]> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const count = await write(out);
  return [Buffer.concat(chunks), count];
}

/** Byte equality, reported as the first line that differs. */
function expectSameBytes(fast: Buffer, generic: Buffer): void {
  if (fast.equals(generic)) return;
  const fastLines = fast.toString('utf8').split('\n');
  const genericLines = generic.toString('utf8').split('\n');
  const at = fastLines.findIndex((line, i) => line !== genericLines[i]);
  expect({ line: at, text: fastLines[at] }).toEqual({ line: at, text: genericLines[at] });
  expect(fast.equals(generic)).toBe(true);
}

const awkwardText =
  'signalé « ici » — 😀 中文 e\u0301 \u2028\u2029 \u00a0 "quoted" back\\slash \n\t\r \u0001\u001f \u007f';

function awkwardEvent(
  id: string,
  type: string,
  data: JsonObject,
  metadata: JsonObject,
  personal: JsonObject | null = null,
): EventToAppend {
  return { eventId: id, type, data, personal, metadata };
}

const actor = { authority: GIEN, connector: 'gien-grc' };
const plainMetadata = (eventId: string): JsonObject => ({
  eventId,
  correlationId: `cor-${eventId}`,
  causationId: null,
  actor,
  occurredAt: '2026-11-29T07:59:30.000Z',
  recordedAt: '2026-11-29T08:00:00.000Z',
  schemaVersion: 1,
});

/** Events the fast path must either render exactly or hand to the generic formatter. */
const AWKWARD: ReadonlyArray<{ streamId: string; events: EventToAppend[] }> = [
  {
    streamId: streamIdFor('awkward-1'),
    events: [
      awkwardEvent(
        'aw-unicode',
        'RequestFiled',
        {
          requestId: 'awkward-1',
          category: 'roads.departmental',
          description: awkwardText,
          source: { authority: LOIRET, connector: 'loiret-grc', externalId: 'É-1' },
          numbers: [0, -0, 1.5e-7, 1e21, 123456789012345, -42.5, 0.1],
          nested: { deep: { deeper: [{ a: null, b: true, c: false }, [], {}] } },
          __proto__x: 'not a prototype',
        },
        { ...plainMetadata('aw-unicode'), correlationId: 'corrélation-é-😀' },
        {
          subjectId: 'hmac-subject',
          alg: 'A256GCM',
          kid: 'k1',
          iv: 'aXY=',
          ciphertext: 'Y2lwaGVy+/==',
          tag: 'dGFn',
        },
      ),
      awkwardEvent(
        'aw-digit-keys',
        'CommentAdded',
        { '10': 'ten', '9': 'nine', a: { '0': 'zero', '01': 'not an index', b: 1 } },
        plainMetadata('aw-digit-keys'),
      ),
      awkwardEvent(
        'aw-escaped-actor',
        'StatusChanged',
        { requestId: 'awkward-1', from: 'acknowledged', to: 'in_progress' },
        {
          ...plainMetadata('aw-escaped-actor'),
          actor: { authority: 'commune:"45155"\\', connector: 'line\nbreak' },
          causationId: 'tab\there',
        },
      ),
      awkwardEvent(
        'aw-odd-metadata',
        'StatusChanged',
        { requestId: 'awkward-1' },
        {
          aaa: 'sorts before actor',
          actor: ['not', 'an', 'object'],
          occurredAt: 1732867200000,
          correlationId: null,
          eventId: 'aw-odd-metadata',
          sourceTime: { raw: '29/11/2026 09:15\u0001', zone: 'Europe/Paris' },
        },
      ),
      awkwardEvent(
        'aw-no-actor',
        'RequestTransferred',
        { requestId: 'awkward-1', from: LOIRET, to: [CC_GIENNOISES], reason: awkwardText },
        { eventId: 'aw-no-actor', correlationId: 'c', occurredAt: 'not a date' },
      ),
      awkwardEvent(
        'aw-actor-extra',
        'RequestClosed',
        { requestId: 'awkward-1', outcome: 'resolved', big: 'x'.repeat(300_000) },
        {
          ...plainMetadata('aw-actor-extra'),
          actor: { authority: 7, connector: 'c', keyId: 'key-1' },
          sourceTime: { raw: '29/11/2026 09:15', zone: 'Europe/Paris' },
        },
      ),
    ],
  },
  {
    streamId: 'request-a"quote\\d',
    events: [
      awkwardEvent('aw-quoted-stream', 'Odd"Type\\', { x: 1 }, plainMetadata('aw-quoted-stream')),
    ],
  },
  {
    streamId: 'request-',
    events: [awkwardEvent('aw-empty-request', 'CommentAdded', {}, plainMetadata('aw-empty'))],
  },
  {
    streamId: 'erasure-é-😀',
    events: [
      awkwardEvent(
        'aw-évènement-😀',
        'CitizenErased',
        { subjectId: 'hmac-subject' },
        plainMetadata('aw-évènement-😀'),
        {},
      ),
    ],
  },
];

describePostgres('NDJSON replay read as stored (PostgreSQL)', () => {
  const schema = randomSchema('replay');
  const clock = new TestClock();
  let store: PostgresEventStore;
  let requests: SeededRequest[];
  let pool: Pool;

  beforeAll(async () => {
    store = await PostgresEventStore.create({
      connectionString: DATABASE_URL,
      schema,
      now: clock.now,
      poolSize: 3,
    });
    pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
    requests = await seedRequests(store, clock, 12);
    for (const { streamId, events } of AWKWARD) {
      for (const event of events) {
        await store.appendToStream(streamId, [event], { expectedRevision: 'any' });
        clock.advance(1);
      }
    }
    // Rows no append writes (json_to_recordset refuses \u0000 and lone surrogates): a personal
    // part stored as JSON null, then as an array, such escapes, a microsecond in the time.
    await pool.query(
      `WITH head AS (UPDATE "${schema}".log_head SET position = position + 2 RETURNING position)
       INSERT INTO "${schema}".events (position, stream_id, revision, event_id, type, data,
         personal, metadata, recorded_at, hash, previous_hash)
       SELECT head.position - 2 + n, 'request-raw', n - 1, 'raw-' || n, 'CommentAdded',
         '{"requestId":"raw","text":"nul \\u0000 lone \\ud800"}',
         CASE n WHEN 1 THEN 'null'::json ELSE '[1]'::json END,
         ('{"actor":{"authority":"commune:45155","connector":null},"causationId":null,' ||
           '"correlationId":' || CASE n WHEN 1 THEN '"c"' ELSE '"c\\u0000"' END ||
           ',"eventId":"e","occurredAt":"o"}')::json,
         '2026-11-29T23:59:59.999001Z', 'h', NULL
       FROM head, generate_series(1, 2) AS n`,
    );
    // Rows fit for the fast road but for one field each: a hash, a previous hash, an event id
    // that need escapes; instants before 1970 and after year 9999 (toISOString's other shapes).
    await pool.query(
      `WITH head AS (UPDATE "${schema}".log_head SET position = position + 4 RETURNING position)
       INSERT INTO "${schema}".events (position, stream_id, revision, event_id, type, data,
         personal, metadata, recorded_at, hash, previous_hash)
       SELECT head.position - 4 + n, 'request-raw-fields', n - 1, r.event_id, 'CommentAdded',
         '{"requestId":"raw-fields"}', NULL,
         '{"actor":{"authority":"commune:45155","connector":"c"},"causationId":null,"correlationId":"c","eventId":"e","occurredAt":"o"}',
         r.recorded_at::timestamptz, r.hash, r.previous_hash
       FROM head, (VALUES
         (1, 'raw-f1', '1969-12-31T23:59:59.999Z', 'h"1', NULL),
         (2, 'raw-f2', '10000-01-01T00:00:00.001Z', 'h2', E'p\\n1'),
         (3, 'raw-"f3', '2026-11-29T10:00:00.5Z', 'h3', 'h2'),
         (4, 'raw-f4', '2026-11-29T10:00:01Z', 'h4', E'h3\\\\')
       ) AS r(n, event_id, recorded_at, hash, previous_hash)`,
    );
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropSchema(schema);
  });

  const both = async (filter: HistoryFilter): Promise<[Buffer, Buffer]> => {
    const [generic, genericCount] = await captured((out) =>
      writeLines(formatHistory(replayHistory(store, filter, { pageSize: 7 }), 'ndjson'), out),
    );
    const [fast, fastCount] = await captured((out) =>
      writeHistory(store, filter, 'ndjson', out, { pageSize: 7 }),
    );
    expect(fastCount).toBe(genericCount);
    return [fast, generic];
  };

  it('is the road PostgreSQL takes, and renders ordinary events without the generic formatter', async () => {
    expect(canReadStoredLog(store)).toBe(true);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      await captured((out) =>
        writeHistory(store, { requestId: requests[0]!.requestId }, 'ndjson', out),
      );
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
  });

  it.each<[string, () => HistoryFilter]>([
    ['the whole log', () => ({})],
    ['a request', () => ({ requestId: requests[3]!.requestId })],
    ['the awkward request', () => ({ requestId: 'awkward-1' })],
    ['a request id with a quote and a backslash', () => ({ requestId: 'a"quote\\d' })],
    ['an unknown request', () => ({ requestId: 'nope' })],
    [
      'a request and its authority',
      () => ({ requestId: requests[1]!.requestId, authority: BRIARE }),
    ],
    [
      'a request and another category',
      () => ({ requestId: requests[0]!.requestId, category: 'x' }),
    ],
    ['an authority', () => ({ authority: LOIRET })],
    ['an authority reached by transfer', () => ({ authority: CC_GIENNOISES })],
    ['an unknown authority', () => ({ authority: 'commune:00000' })],
    ['a category', () => ({ category: 'roads.departmental' })],
    ['an authority and a category', () => ({ authority: GIEN, category: 'waste.collection' })],
    ['event types', () => ({ types: ['StatusChanged', 'RequestClosed', 'Odd"Type\\'] })],
    ['no event type (no filter)', () => ({ types: [] })],
    [
      'a period, bounds included',
      () => ({ from: '2026-11-29T08:05:00Z', to: '2026-11-29T08:40:00.000Z' }),
    ],
    [
      'from the millisecond of a sub-millisecond time',
      () => ({ from: '2026-11-29T23:59:59.999Z' }),
    ],
    ['up to the millisecond of a sub-millisecond time', () => ({ to: '2026-11-29T23:59:59.999Z' })],
    ['up to just before it', () => ({ to: '2026-11-29T23:59:59.998Z' })],
    [
      'everything at once',
      () => ({
        authority: LOIRET,
        category: 'roads.departmental',
        types: ['StatusChanged', 'RequestTransferred'],
        from: '2026-11-29T08:00:00Z',
        to: '2026-11-30T00:00:00Z',
      }),
    ],
  ])('writes the same bytes as the generic replay: %s', async (_name, filter) => {
    const [fast, generic] = await both(filter());
    expectSameBytes(fast, generic);
  });

  it('is what the audit API and the CLI serve (AuditService.historyChunks and writeHistory)', async () => {
    const audit = new AuditService(store, null as never, null as never);
    for (const filter of [{}, { authority: LOIRET }] satisfies HistoryFilter[]) {
      const [generic] = await captured((out) =>
        writeLines(formatHistory(replayHistory(store, filter), 'ndjson'), out),
      );
      const chunks: Buffer[] = [];
      const stringify = jest.spyOn(JSON, 'stringify');
      try {
        for await (const chunk of audit.historyChunks(
          { requestId: requests[1]!.requestId },
          'ndjson',
        )) {
          chunks.push(Buffer.from(chunk));
        }
        // Ordinary events: no event decoded nor re-serialised on the way to the auditor.
        expect(stringify).not.toHaveBeenCalled();
      } finally {
        stringify.mockRestore();
      }
      chunks.length = 0;
      for await (const chunk of audit.historyChunks(filter, 'ndjson'))
        chunks.push(Buffer.from(chunk));
      expectSameBytes(Buffer.concat(chunks), generic);
      const [written] = await captured((out) => audit.writeHistory(filter, 'ndjson', out));
      expectSameBytes(written, generic);
    }
    // CSV keeps the generic road, with the same bytes as before.
    const csv: string[] = [];
    for await (const chunk of audit.historyChunks({}, 'csv')) csv.push(chunk.toString());
    const generic: string[] = [];
    for await (const line of formatHistory(replayHistory(store, {}), 'csv')) generic.push(line);
    expect(csv.join('')).toBe(generic.join(''));
  });

  it('gives up with the same error on a period that is not a date', async () => {
    await expect(both({ from: 'yesterday' })).rejects.toThrow(RangeError);
  });

  it('holds PostgreSQL back while the reader is slow, and ends the COPY when it goes away', async () => {
    const bulk = `${schema}_bulk`;
    const big = await PostgresEventStore.create({ connectionString: DATABASE_URL, schema: bulk });
    try {
      // 40 MB of events: far more than the pages read ahead and the sockets' buffers.
      await pool.query(
        `INSERT INTO "${bulk}".events (position, stream_id, revision, event_id, type, data,
           personal, metadata, recorded_at, hash, previous_hash)
         SELECT n, 'request-' || n, 0, 'e' || n, 'CommentAdded',
           json_build_object('text', repeat('x', 2000)), NULL, '{}', now(), 'h', NULL
         FROM generate_series(1, 20000) AS n`,
      );
      await pool.query(`UPDATE "${bulk}".log_head SET position = 20000`);
      let written = 0;
      const slow = new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer) {
          written += chunk.length; // and never calls back: a reader that stopped reading
        },
      });
      const replaying = writeHistory(big, {}, 'ndjson', slow);
      let waiting = '';
      for (let i = 0; i < 100 && waiting !== 'ClientWrite'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { rows } = await pool.query<{ wait_event: string | null }>(
          `SELECT wait_event FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%${bulk}%'`,
        );
        waiting = rows[0]?.wait_event ?? '';
      }
      // The server waits on a full socket: the reader stopped reading.
      expect(waiting).toBe('ClientWrite');
      expect(written).toBeLessThan(1024 * 1024);
      // A reader that goes away: the COPY ends on the server too, the connection is not reused.
      slow.destroy();
      await expect(replaying).rejects.toThrow('output closed');
      let copying = 1;
      for (let i = 0; i < 100 && copying > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { rows } = await pool.query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%${bulk}%'`,
        );
        copying = Number(rows[0]?.count);
      }
      expect(copying).toBe(0);
      const [, lines] = await captured((out) => writeHistory(big, {}, 'ndjson', out));
      expect(lines).toBe(20000);
    } finally {
      await big.close();
      await dropSchema(bulk);
    }
  });
});
