/**
 * npm run bench:delivery — builds the hub, then, against the hub app (its own process, SQLite
 * store by default) and receivers on 127.0.0.1 in this process:
 *
 * 1. throughput: BENCH_REQUESTS requests filed by a commune tool, routed to the département,
 *    whose three tools each get two messages per request; then their signing secrets are issued
 *    at once and the clock runs until the three receivers got every message: webhook deliveries
 *    per second, all three together.
 * 2. latency while a receiver is down: a fourth département tool joins; requests are filed at
 *    BENCH_RATE per second, open loop, for BENCH_SECONDS after BENCH_WARMUP_SECONDS, three
 *    times — all four receivers healthy, then the fourth refusing connections, then the fourth
 *    hanging (accepting, never answering: each attempt waits for its timeout). Each time, the
 *    p99 of the three healthy receivers' latency, from the event recorded in the hub's log (its
 *    `time` in the feed) to the receiver getting it; and the ratio to the all-healthy p99
 *    (goal ≤ 2).
 *
 * Each figure is the median of BENCH_RUNS runs, each on a fresh hub.
 * Environment: BENCH_RUNS (3), BENCH_REQUESTS (1000), BENCH_RATE (25), BENCH_SECONDS (15),
 * BENCH_WARMUP_SECONDS (3), BENCH_STORE (sqlite, or postgres with DATABASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startServer } from '../support/server-process';
import { markdownTable, median, percentile } from '../support/stats';
import { BenchReceiver, type ReceiverMode } from './bench-receiver';
import { HubClient } from './hub-client';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 1000);
const RATE = Number(process.env['BENCH_RATE'] ?? 25);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const WARM_UP = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const STORE = process.env['BENCH_STORE'] ?? 'sqlite';
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN = 'bench-admin-token-bench-admin-token-bench-01';
const SECRET = 'bench-secret-bench-secret-bench-secret-00';
/** Messages each département tool gets per filing: the filing itself, then the routing. */
const MESSAGES_PER_REQUEST = 2;

interface Run {
  readonly deliveriesPerSecond: number;
  readonly p99: Record<ReceiverMode, number>;
  readonly p50: Record<ReceiverMode, number>;
  /** Messages filed in a measured window that a healthy receiver never got. */
  readonly missing: number;
  /** Share of a window's messages the fourth receiver got: all when healthy, none when down. */
  readonly fourthGot: Record<ReceiverMode, number>;
}

async function oneRun(run: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-delivery-'));
  const schema = `bench_delivery_${process.pid}_${run}`;
  const receivers = Array.from({ length: 4 }, () => new BenchReceiver());
  await Promise.all(receivers.map((receiver) => receiver.start()));
  const server = await startServer(
    ['dist/apps/hub/src/main.js'],
    {
      LOG_LEVEL: 'error',
      MAILLAGE_HUB_SECRET: SECRET,
      MAILLAGE_DATA_DIR: dataDir,
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      // Webhooks read the store's log, not Kafka; with the caller's KAFKA_BROKERS, this hub's
      // dispatcher would also read the events other benchmarks' hubs left on the shared topic.
      KAFKA_BROKERS: '',
      // The benchmark is one caller filing fast: per-caller rate limits are not under test.
      MAILLAGE_RATE_LIMIT_PER_SECOND: '0',
      ...(STORE === 'postgres'
        ? { MAILLAGE_EVENT_STORE: 'postgres', DATABASE_URL, MAILLAGE_PG_SCHEMA: schema }
        : {}),
    },
    4400 + run,
    '/health/ready',
  );
  const hub = new HubClient(server.url, ADMIN);
  try {
    const gien = await hub.register('gien-bench', 'commune:45155', 'commune-v1', null);
    const tools = ['loiret-bench-1', 'loiret-bench-2', 'loiret-bench-3', 'loiret-bench-4'];
    const keys: string[] = [];
    for (const [index, id] of tools.entries()) {
      keys.push(await hub.register(id, 'departement:45', 'departement-v1', receivers[index]!.url));
    }

    // 1. Throughput: a backlog, then the three loops started at once.
    await fileConcurrently(hub, gien, REQUESTS, 16, 'BACKLOG');
    const expected = REQUESTS * MESSAGES_PER_REQUEST;
    const started = Date.now();
    await Promise.all(tools.slice(0, 3).map((id) => hub.issueSecret(id)));
    await waitUntil(() => receivers.slice(0, 3).every((r) => r.arrivals.size >= expected), 300_000);
    const deliveriesPerSecond = (3 * expected) / ((Date.now() - started) / 1000);

    // 2. Latency of the three while the fourth is healthy, refusing, hanging.
    await hub.issueSecret(tools[3]!);
    await waitUntil(() => receivers[3]!.arrivals.size >= expected, 120_000);
    const p99 = {} as Record<ReceiverMode, number>;
    const p50 = {} as Record<ReceiverMode, number>;
    const fourthGot = {} as Record<ReceiverMode, number>;
    let missing = 0;
    for (const mode of ['healthy', 'refusing', 'hanging'] as const) {
      await receivers[3]!.setMode(mode);
      const before = receivers.slice(0, 3).map((r) => new Set(r.arrivals.keys()));
      const measuredFrom = Date.now() + WARM_UP * 1000;
      await fileOpenLoop(hub, gien, RATE, WARM_UP + SECONDS, mode.toUpperCase());
      const recorded = await hub.recordedTimes(tools[0]!, keys[0]!);
      const window = [...recorded].filter(([, at]) => at >= measuredFrom);
      const ids = (tool: string) => window.map(([eventId]) => `msg_${eventId}_${tool}`);
      await waitUntil(
        () =>
          receivers.slice(0, 3).every((r, i) => ids(tools[i]!).every((id) => r.arrivals.has(id))),
        30_000,
      ).catch(() => undefined);
      const latencies: number[] = [];
      for (const [index, receiver] of receivers.slice(0, 3).entries()) {
        for (const [eventId, recordedAt] of window) {
          const id = `msg_${eventId}_${tools[index]!}`;
          if (before[index]!.has(id)) continue;
          const at = receiver.arrivals.get(id);
          if (at === undefined) missing += 1;
          else latencies.push(at - recordedAt);
        }
      }
      const fourth = ids(tools[3]!).filter((id) => receivers[3]!.arrivals.has(id)).length;
      fourthGot[mode] = window.length === 0 ? 0 : fourth / window.length;
      p99[mode] = percentile(latencies, 99);
      p50[mode] = percentile(latencies, 50);
    }
    return { deliveriesPerSecond, p99, p50, missing, fourthGot };
  } finally {
    hub.close();
    await server.stop();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    rmSync(dataDir, { recursive: true, force: true });
    if (STORE === 'postgres') await dropSchemas(schema);
  }
}

/** Files `count` requests, `concurrency` at a time. */
async function fileConcurrently(
  hub: HubClient,
  key: string,
  count: number,
  concurrency: number,
  prefix: string,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const status = await hub.file(key, prefix);
        if (status !== 201) throw new Error(`a filing was answered ${status}`);
      }
    }),
  );
}

/** Files `rate` requests per second for `seconds`, each at its scheduled time (open loop). */
async function fileOpenLoop(
  hub: HubClient,
  key: string,
  rate: number,
  seconds: number,
  prefix: string,
): Promise<void> {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const inFlight: Promise<number>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = started + (n * 1000) / rate;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    inFlight.push(hub.file(key, prefix));
  }
  const refused = (await Promise.all(inFlight)).filter((status) => status !== 201);
  if (refused.length > 0) throw new Error(`filings answered ${refused.join(', ')}`);
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function dropSchemas(schema: string): Promise<void> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(
    `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE; DROP SCHEMA IF EXISTS ${schema}_audit CASCADE`,
  );
  await client.end();
}

async function main(): Promise<void> {
  console.log(
    `delivery benchmark: hub on ${STORE}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `${REQUESTS} requests of backlog, then ${RATE} req/s for ${SECONDS} s after ${WARM_UP} s, ${RUNS} runs`,
  );
  const runs: Run[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    runs.push(await oneRun(run));
    const last = runs[runs.length - 1]!;
    console.log(
      `run ${run + 1}: ${Math.round(last.deliveriesPerSecond)} deliveries/s; p99 ${last.p99.healthy} / ` +
        `${last.p99.refusing} / ${last.p99.hanging} ms (4th healthy / refusing / hanging)`,
    );
  }
  const row = (name: string, pick: (run: Run) => number, digits = 0) => [
    name,
    ...runs.map((run) => pick(run).toFixed(digits)),
    median(runs.map(pick)).toFixed(digits),
  ];
  console.log(
    `\nwebhook deliveries to 3 receivers on 127.0.0.1, and the latency (event recorded → received) ` +
      `of those 3 while a 4th is healthy or down\n`,
  );
  console.log(
    markdownTable(
      ['figure', ...runs.map((_, i) => `run ${i + 1}`), 'median'],
      [
        row('deliveries/s (backlog, 3 receivers)', (r) => r.deliveriesPerSecond),
        row('p50 ms, 4th healthy', (r) => r.p50.healthy),
        row('p99 ms, 4th healthy', (r) => r.p99.healthy),
        row('p99 ms, 4th refusing connections', (r) => r.p99.refusing),
        row('p99 ms, 4th hanging', (r) => r.p99.hanging),
        row('ratio refusing / healthy (goal ≤ 2)', (r) => r.p99.refusing / r.p99.healthy, 2),
        row('ratio hanging / healthy (goal ≤ 2)', (r) => r.p99.hanging / r.p99.healthy, 2),
        row('messages never received (healthy receivers)', (r) => r.missing),
        row('share the 4th got: healthy', (r) => r.fourthGot.healthy, 2),
        row('share the 4th got: refusing', (r) => r.fourthGot.refusing, 2),
        row('share the 4th got: hanging', (r) => r.fourthGot.hanging, 2),
      ],
    ),
  );
  if (runs.some((run) => run.missing > 0)) {
    console.error('LOSS: a healthy receiver never got some messages');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
