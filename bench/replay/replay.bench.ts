/**
 * npm run bench:replay — loads BENCH_EVENTS events (default 1 000 000, valid hash chains) into a
 * fresh PostgreSQL event-store schema, then in the same run:
 *   - replays the whole log as NDJSON as `writeHistory` does (on PostgreSQL: the log read as stored
 *     with one binary COPY, lines cut from the stored text) into a sink that counts bytes, at
 *     BENCH_EVENTS / 10 events and at BENCH_EVENTS events (the log is loaded in two steps), with
 *     peak RSS and heap sampled every 100 ms — once timed, in a fresh Node process of its own
 *     (`timedInChild`, connection included), once here with a full GC before each sample
 *     (retained memory, which must not grow with the number of events);
 *   - replays it once through the generic path too (replayHistory → formatHistory → writeLines,
 *     every event decoded; timed in a child too), checking that both wrote the same number of
 *     lines and bytes;
 *   - times `psql -c "COPY (SELECT ...) TO STDOUT"` of the same rows to /dev/null, three times,
 *     alternating with three full replays (the medians are compared),
 *     and the binary COPY the fast path sends;
 *   - times the verification (LogVerifier) of every event.
 * Prints a Markdown table, then drops the schema. Nothing is cached between runs.
 *
 * Environment: BENCH_EVENTS (1000000), DATABASE_URL (postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool, type PoolClient } from 'pg';
import { streamIdFor } from '@maillage/domain';
import {
  formatHistory,
  readLog,
  replayHistory,
  verifyEvents,
  writeHistory,
  writeLines,
} from '@maillage/audit';
import {
  canonicalJson,
  computeEventHash,
  type JsonObject,
  PostgresEventStore,
} from '@maillage/event-store';
import { markdownTable, median } from '../support/stats';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const SMALL = Math.max(1, Math.floor(EVENTS / 10));
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A child process (`timedInChild`) replays the schema its parent loaded. */
const CHILD_SCHEMA = process.env['BENCH_REPLAY_CHILD_SCHEMA'];
export const SCHEMA = CHILD_SCHEMA ?? `bench_replay_${randomBytes(4).toString('hex')}`;
const S = `"${SCHEMA}"`;
/** Ten events per stream: 100 000 streams at 1 000 000 events. */
const STREAMS = Math.max(1, Math.floor(EVENTS / 10));
const BATCH = 10_000;
const COLUMNS =
  'position, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash';
const CONSTRAINTS = ['events_pkey', 'events_event_id_key', 'events_stream_id_revision_key'];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const AUTHORITIES = ['commune:45155', 'commune:45053', 'departement:45', 'epci:244500211'];
const BASE_TIME = Date.parse('2026-01-05T08:00:00.000Z');
const tips: Array<string | null> = new Array<string | null>(STREAMS).fill(null);

/** Event at `position` (1-based): stream `(position - 1) % STREAMS`, its chain continued. */
function row(position: number): unknown[] {
  const k = (position - 1) % STREAMS;
  const revision = Math.floor((position - 1) / STREAMS);
  const requestId = `bench-${k.toString(16).padStart(8, '0')}`;
  const streamId = streamIdFor(requestId);
  const eventId = `evt-${position.toString(16).padStart(10, '0')}`;
  const authority = AUTHORITIES[k % AUTHORITIES.length]!;
  const recordedAt = new Date(BASE_TIME + position * 10).toISOString();
  const filed = revision === 0;
  const type = filed ? 'RequestFiled' : revision % 2 ? 'CommentAdded' : 'StatusChanged';
  const data: JsonObject = filed
    ? {
        requestId,
        source: { authority, connector: 'gien-grc', externalId: `EXT-${k}` },
        channel: 'counter',
        category: 'roads.departmental',
        description: 'Nid-de-poule signalé devant le numéro 12',
        location: { inseeCode: '45155', address: `${k} rue Louis Blanc, 45500 Gien` },
        attachments: [],
        filedAt: recordedAt,
      }
    : revision % 2
      ? { requestId, authority, text: `Commentaire ${revision}`, visibility: 'internal' }
      : {
          requestId,
          from: 'acknowledged',
          to: 'in_progress',
          authority,
          raw: { code: 'INSTR', label: 'En instruction' },
          note: null,
        };
  const personal: JsonObject | null = filed
    ? { name: `Citoyen ${k}`, email: `citoyen${k}@example.org` }
    : null;
  const metadata: JsonObject = {
    eventId,
    correlationId: `cor-${k}`,
    causationId: filed ? null : `evt-${(position - STREAMS).toString(16).padStart(10, '0')}`,
    actor: { authority, connector: 'gien-grc' },
    occurredAt: new Date(BASE_TIME + position * 10 - 30_000).toISOString(),
    recordedAt,
    schemaVersion: 1,
  };
  const canonical = {
    data: canonicalJson(data),
    personal: personal === null ? null : canonicalJson(personal),
    metadata: canonicalJson(metadata),
  };
  const previousHash = tips[k]!;
  const hash = computeEventHash({
    streamId,
    revision,
    type,
    eventId,
    data,
    personal,
    metadata,
    recordedAt,
    previousHash,
  });
  tips[k] = hash;
  return [
    position,
    streamId,
    revision,
    eventId,
    type,
    canonical.data,
    canonical.personal,
    canonical.metadata,
    recordedAt,
    hash,
    previousHash,
  ];
}

/** One multi-row INSERT ... SELECT FROM unnest(arrays), a batch of rows. */
async function insertBatch(client: PoolClient, from: number, to: number): Promise<void> {
  const columns: unknown[][] = Array.from({ length: 11 }, () => []);
  for (let position = from; position <= to; position++) {
    row(position).forEach((value, i) => columns[i]!.push(value));
  }
  await client.query(
    `INSERT INTO ${S}.events (${COLUMNS})
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[],
                          $7::json[], $8::json[], $9::timestamptz[], $10::text[], $11::text[])`,
    columns,
  );
}

/**
 * Appends positions `from..to` straight into the table (the append path would take minutes for
 * a million events): constraints dropped during the load, rebuilt after, head moved, vacuumed.
 */
export async function load(pool: Pool, from: number, to: number): Promise<number> {
  const started = performance.now();
  const clients = [await pool.connect(), await pool.connect()];
  try {
    for (const client of clients) await client.query('SET synchronous_commit = off');
    await clients[0]!.query(
      `ALTER TABLE ${S}.events ${CONSTRAINTS.map((c) => `DROP CONSTRAINT ${c}`).join(', ')}`,
    );
    // Two connections: PostgreSQL inserts one batch while the next is generated and hashed.
    const inFlight: Array<Promise<void> | null> = [null, null];
    let turn = 0;
    for (let first = from; first <= to; first += BATCH) {
      const slot = turn++ % 2;
      await inFlight[slot];
      inFlight[slot] = insertBatch(clients[slot]!, first, Math.min(to, first + BATCH - 1));
    }
    for (const pending of inFlight) await pending;
    await clients[0]!.query(`SET maintenance_work_mem = '256MB'`);
    await clients[0]!.query(
      `ALTER TABLE ${S}.events ADD CONSTRAINT events_pkey PRIMARY KEY (position),
         ADD CONSTRAINT events_event_id_key UNIQUE (event_id),
         ADD CONSTRAINT events_stream_id_revision_key UNIQUE (stream_id, revision)`,
    );
    await clients[0]!.query(`UPDATE ${S}.log_head SET position = $1`, [to]);
    await clients[0]!.query(`VACUUM (ANALYZE) ${S}.events`);
  } finally {
    for (const client of clients) client.release();
  }
  return (performance.now() - started) / 1000;
}

/**
 * Peak RSS and heap while `work` runs, sampled every 100 ms. `retained`: a full collection at the
 * start and before each sample, so that the heap figures are what the replay holds rather than
 * garbage V8 has not collected yet (slower: not for timing). A timed run forces no collection: a
 * forced (memory-reducing) GC leaves V8 marking the old generation every 100 ms or so for a while
 * after, which made the replay right after it up to twice as slow — a state no `maillage` process
 * is in, since none calls `gc()`. Timed runs also run in a process of their own (`timedInChild`).
 */
async function measured<T>(
  work: () => Promise<T>,
  retained = false,
): Promise<{
  result: T;
  seconds: number;
  rss: number;
  heap: number;
  rssStart: number;
  heapStart: number;
}> {
  if (retained) gc();
  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  let rss = rssStart;
  let heap = heapStart;
  const sample = () => {
    if (retained) gc();
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 100);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      rss,
      heap,
      rssStart,
      heapStart,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Replays the whole log as NDJSON into a sink that counts bytes: `writeHistory` (the fast path on
 * PostgreSQL), or `generic`, the port path every store has.
 */
async function replay(
  store: PostgresEventStore,
  generic = false,
): Promise<{ lines: number; bytes: number }> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  const lines = generic
    ? await writeLines(formatHistory(replayHistory(store, {}), 'ndjson'), sink)
    : await writeHistory(store, {}, 'ndjson', sink);
  return { lines, bytes };
}

/**
 * `psql -c "COPY (SELECT ...) TO STDOUT"` of every event, to /dev/null; seconds. `binary`: the
 * query the fast path sends (columns in its order, FORMAT binary).
 */
function psqlCopy(binary = false): Promise<number> {
  const sql = binary
    ? `COPY (SELECT position, revision, recorded_at, stream_id, event_id, type, data, personal, metadata, hash, previous_hash FROM ${S}.events ORDER BY position) TO STDOUT (FORMAT binary)`
    : `COPY (SELECT ${COLUMNS} FROM ${S}.events ORDER BY position) TO STDOUT`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DATABASE_URL, '-c', sql],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`psql exited ${code}`)),
    );
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peaks = (m: { rss: number; heap: number; rssStart: number; heapStart: number }) => [
  `${mb(m.rssStart)} → ${mb(m.rss)}`,
  `${mb(m.heapStart)} → ${mb(m.heap)}`,
];
const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en');

async function main(): Promise<void> {
  const load1 = loadavg()[0]!.toFixed(2);
  console.log(
    `replay benchmark: ${EVENTS.toLocaleString('en')} events in ${STREAMS.toLocaleString('en')} streams, schema ${SCHEMA}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${load1}`,
  );
  const store = await PostgresEventStore.create({
    connectionString: DATABASE_URL,
    schema: SCHEMA,
    poolSize: 2,
  });
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  try {
    const loadSmall = await load(pool, 1, SMALL);
    console.log(`loaded ${SMALL} events in ${loadSmall.toFixed(1)} s`);
    const small = await timedInChild();
    if (small.result.lines !== SMALL) throw new Error(`replayed ${small.result.lines} of ${SMALL}`);
    console.log(`replay ${SMALL}: ${small.seconds.toFixed(1)} s`);
    const smallRetained = await measured(() => replay(store), true);

    const loadRest = await load(pool, SMALL + 1, EVENTS);
    console.log(`loaded ${EVENTS - SMALL} more events in ${loadRest.toFixed(1)} s`);
    // COPY and the fast replay alternate, so that both see the same share of a busy machine.
    const copies: number[] = [];
    const binaryCopies: number[] = [];
    const replays: Awaited<ReturnType<typeof measuredReplay>>[] = [];
    const measuredReplay = () => timedInChild();
    for (let run = 0; run < 3; run++) {
      copies.push(await psqlCopy());
      const one = await measuredReplay();
      if (one.result.lines !== EVENTS) throw new Error(`replayed ${one.result.lines} of ${EVENTS}`);
      console.log(`replay ${EVENTS}: ${one.seconds.toFixed(1)} s`);
      replays.push(one);
    }
    // The median run (its time, and the memory it peaked at).
    const full = [...replays].sort((a, b) => a.seconds - b.seconds)[1]!;
    for (let run = 0; run < 3; run++) binaryCopies.push(await psqlCopy(true));
    const copy = median(copies);
    const binaryCopy = median(binaryCopies);
    console.log(`psql COPY: ${copies.map((s) => s.toFixed(2)).join(' / ')} s`);
    console.log(`psql COPY binary: ${binaryCopies.map((s) => s.toFixed(2)).join(' / ')} s`);
    const generic = await timedInChild(true);
    if (generic.result.lines !== EVENTS || generic.result.bytes !== full.result.bytes) {
      throw new Error(
        `generic replay: ${generic.result.lines} lines, ${generic.result.bytes} bytes; fast: ${full.result.lines}, ${full.result.bytes}`,
      );
    }
    console.log(`generic replay ${EVENTS}: ${generic.seconds.toFixed(1)} s`);
    const fullRetained = await measured(() => replay(store), true);
    // As `AuditService.verify` does it: the log up to the head, every hash, chain and the tree.
    const verified = await measured(() => verifyEvents(readLog(store, { upTo: EVENTS }), []));
    if (!verified.result.ok || verified.result.eventsChecked !== EVENTS) {
      throw new Error(
        `verification failed: ${JSON.stringify(verified.result.findings.slice(0, 3))}`,
      );
    }

    const ratio = (copy / full.seconds) * 100;
    const genericRatio = (copy / generic.seconds) * 100;
    console.log(
      `\n${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${load1} at start, ${loadavg()[0]!.toFixed(2)} at end\n`,
    );
    console.log(
      markdownTable(
        ['measure', 'events', 'time', 'events/s', 'RSS start → peak', 'heap start → peak', 'note'],
        [
          [
            'replay NDJSON (writeHistory)',
            SMALL.toLocaleString('en'),
            `${small.seconds.toFixed(1)} s`,
            rate(SMALL, small.seconds),
            ...peaks(small),
            `${mb(small.result.bytes)} of NDJSON`,
          ],
          [
            'replay NDJSON (writeHistory)',
            EVENTS.toLocaleString('en'),
            `${full.seconds.toFixed(1)} s`,
            rate(EVENTS, full.seconds),
            ...peaks(full),
            `${mb(full.result.bytes)} of NDJSON; median of 3`,
          ],
          ...[smallRetained, fullRetained].map((m) => [
            'replay NDJSON, GC at each sample',
            m.result.lines.toLocaleString('en'),
            `${m.seconds.toFixed(1)} s`,
            '(not timed)',
            ...peaks(m),
            'retained memory',
          ]),
          [
            'generic replay NDJSON (port path)',
            EVENTS.toLocaleString('en'),
            `${generic.seconds.toFixed(1)} s`,
            rate(EVENTS, generic.seconds),
            ...peaks(generic),
            'same lines and bytes',
          ],
          [
            '`psql` COPY TO STDOUT > /dev/null',
            EVENTS.toLocaleString('en'),
            `${copy.toFixed(2)} s`,
            rate(EVENTS, copy),
            '',
            '',
            'median of 3',
          ],
          [
            '`psql` COPY (FORMAT binary), fast path query',
            EVENTS.toLocaleString('en'),
            `${binaryCopy.toFixed(2)} s`,
            rate(EVENTS, binaryCopy),
            '',
            '',
            'median of 3',
          ],
          ['replay / COPY', '', '', `${ratio.toFixed(0)} %`, '', '', 'medians; goal ≥ 50 %'],
          ['generic replay / COPY', '', '', `${genericRatio.toFixed(0)} %`, '', '', 'before'],
          [
            'verify (LogVerifier)',
            EVENTS.toLocaleString('en'),
            `${verified.seconds.toFixed(1)} s`,
            rate(EVENTS, verified.seconds),
            ...peaks(verified),
            `${verified.result.streams.toLocaleString('en')} streams`,
          ],
          [
            'load (unnest INSERT)',
            EVENTS.toLocaleString('en'),
            `${(loadSmall + loadRest).toFixed(1)} s`,
            rate(EVENTS, loadSmall + loadRest),
            '',
            '',
            'hashing included',
          ],
        ],
      ),
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`).catch(() => undefined);
    await pool.end();
    await store.close();
  }
}

type Measured = Awaited<ReturnType<typeof measured<{ lines: number; bytes: number }>>>;

/**
 * One timed replay in a fresh Node process, as an auditor's `maillage` command runs: the loader's
 * heap and the forced collections of the memory runs stay here. The child times its connection
 * and the replay (not Node's start-up) and prints its measure as JSON.
 */
function timedInChild(generic = false): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', __filename],
      {
        env: {
          ...process.env,
          BENCH_REPLAY_CHILD_SCHEMA: SCHEMA,
          BENCH_REPLAY_CHILD_GENERIC: generic ? '1' : '',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as Measured)
        : reject(new Error(`replay child exited ${code}`)),
    );
  });
}

/**
 * The child's side of `timedInChild`: connecting to the store is timed with the replay, as psql's
 * connection is with its COPY.
 */
async function child(schema: string): Promise<void> {
  const generic = process.env['BENCH_REPLAY_CHILD_GENERIC'] === '1';
  const measure = await measured(async () => {
    const store = await PostgresEventStore.create({
      connectionString: DATABASE_URL,
      schema,
      poolSize: 2,
    });
    try {
      return await replay(store, generic);
    } finally {
      await store.close();
    }
  });
  process.stdout.write(JSON.stringify(measure));
}

if (require.main === module) {
  (CHILD_SCHEMA === undefined ? main() : child(CHILD_SCHEMA)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
