/**
 * npm run bench:kafka — builds the hub, then measures, against a real broker:
 *
 * 1. relay throughput: BENCH_EVENTS canonical events (whole request lifecycles) in a fresh store,
 *    relayed from position 0 to a fresh topic by the EventRelay until its checkpoint reaches the
 *    head; in the same run a raw kafkajs producer (idempotent, acks=all, one request in flight,
 *    the same batches of the same messages, a topic with the same partitions) sends the same
 *    messages. Prints both rates and their ratio (goal >= 0.7).
 * 2. end-to-end latency: the hub (SQLite store, relay in-process) gets requests over HTTP at
 *    BENCH_RATE requests/s, open loop, for BENCH_SECONDS after a warm-up; a kafkajs consumer
 *    on the events topic times each RequestFiled from its HTTP request (goal p99 <= 50 ms).
 *
 * Each figure is the median of BENCH_RUNS runs.
 * Environment: KAFKA_BROKERS (127.0.0.1:9092), BENCH_RUNS (3), BENCH_EVENTS (20000),
 * BENCH_BATCH (500, the relay's default batch), BENCH_STORES (sqlite,postgres), DATABASE_URL,
 * BENCH_RATE (500), BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (3), BENCH_KAFKA_PART (throughput or
 * latency: only that part).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { RelationalStoreOptions } from '@maillage/event-store';
import { benchConnector } from '../support/bench-connector';
import { startServer } from '../support/server-process';
import { markdownTable, median } from '../support/stats';
import { measureLatency, type LatencyRun } from './end-to-end-latency';
import { measureThroughput, openStore, type ThroughputRun } from './relay-throughput';
import { uniqueName } from '../../test/kafka/kafka-test-env';

const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 500);
const STORES = (process.env['BENCH_STORES'] ?? 'sqlite,postgres').split(',');
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const RATE = Number(process.env['BENCH_RATE'] ?? 500);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const WARM_UP = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const SECRET = 'bench-secret-bench-secret-bench-secret-00';

const kafka = new Kafka({
  clientId: 'maillage-bench',
  brokers: BROKERS,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3_000,
  requestTimeout: 30_000,
});

async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh store of the given kind, and how to drop it. */
function freshStore(kind: string): { options: RelationalStoreOptions; drop: () => Promise<void> } {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-bench-kafka-'));
    return {
      options: { kind: 'sqlite', path: join(dir, 'events.sqlite') },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `bench_relay_${process.pid}_${Date.now().toString(36)}`;
  return {
    options: { kind: 'postgres', connectionString: DATABASE_URL, schema },
    drop: () =>
      withPg(
        async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
      ),
  };
}

async function relayThroughput(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const kind of STORES) {
    const runs: ThroughputRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { options, drop } = freshStore(kind);
      const opened = await openStore(options);
      try {
        runs.push(await measureThroughput(kafka, BROKERS, opened, EVENTS, BATCH));
      } finally {
        await opened.close();
        await drop();
      }
    }
    const relay = median(runs.map((r) => r.relay));
    const raw = median(runs.map((r) => r.raw));
    const ratios = runs.map((r) => r.relay / r.raw);
    rows.push([
      kind === 'sqlite' ? 'SQLite store' : 'PostgreSQL store',
      Math.round(relay),
      Math.round(raw),
      median(ratios).toFixed(2),
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    ]);
  }
  console.log(
    `\nrelay throughput: ${EVENTS} events, batches of ${BATCH}, ${RUNS} runs (medians)\n`,
  );
  console.log(
    markdownTable(
      ['store', 'relay events/s', 'raw kafkajs msg/s', 'ratio (goal ≥ 0.7)', 'ratio range'],
      rows,
    ),
  );
}

async function endToEndLatency(): Promise<void> {
  const runs: LatencyRun[] = [];
  const connector = benchConnector(mkdtempSync(join(tmpdir(), 'maillage-bench-connector-')));
  let port = 4300;
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-e2e-'));
    const topic = uniqueName('bench.events');
    const server = await startServer(
      ['dist/apps/hub/src/main.js'],
      {
        LOG_LEVEL: 'error',
        MAILLAGE_HUB_SECRET: SECRET,
        MAILLAGE_DATA_DIR: dataDir,
        KAFKA_BROKERS: BROKERS.join(','),
        MAILLAGE_EVENTS_TOPIC: topic,
        ...connector.env,
      },
      port++,
      '/health/ready',
    );
    try {
      runs.push(
        await measureLatency(
          kafka,
          topic,
          server.url,
          RATE,
          SECONDS,
          WARM_UP,
          connector.authorization,
        ),
      );
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const row = (run: LatencyRun, name: string) => [
    name,
    run.filed,
    run.p50.toFixed(1),
    run.p99.toFixed(1),
    run.max.toFixed(1),
    run.httpP50.toFixed(1),
    run.httpP99.toFixed(1),
    run.logP50.toFixed(0),
    run.logP99.toFixed(0),
    run.missing,
    run.failed,
  ];
  console.log(
    `\nend-to-end latency: HTTP filing → RequestFiled consumed, ${RATE} req/s open loop, ` +
      `${SECONDS} s after ${WARM_UP} s warm-up, hub on SQLite with the relay in-process\n`,
  );
  console.log(
    markdownTable(
      [
        'run',
        'filed',
        'p50 ms',
        'p99 ms (goal ≤ 50)',
        'max ms',
        'HTTP p50 ms',
        'HTTP p99 ms',
        'store → consumer p50 ms',
        'store → consumer p99 ms',
        'not received',
        'non-201',
      ],
      [
        ...runs.map((run, i) => row(run, String(i + 1))),
        [
          'median',
          median(runs.map((r) => r.filed)),
          median(runs.map((r) => r.p50)).toFixed(1),
          median(runs.map((r) => r.p99)).toFixed(1),
          median(runs.map((r) => r.max)).toFixed(1),
          median(runs.map((r) => r.httpP50)).toFixed(1),
          median(runs.map((r) => r.httpP99)).toFixed(1),
          median(runs.map((r) => r.logP50)).toFixed(0),
          median(runs.map((r) => r.logP99)).toFixed(0),
          runs.reduce((sum, r) => sum + r.missing, 0),
          runs.reduce((sum, r) => sum + r.failed, 0),
        ],
      ],
    ),
  );
  if (runs.some((r) => r.missing > 0)) {
    console.error('LOSS: some filed requests never reached the events topic');
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  console.log(
    `kafka benchmark: brokers ${BROKERS.join(',')}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  const only = process.env['BENCH_KAFKA_PART'];
  if (only !== 'latency') await relayThroughput();
  if (only !== 'throughput') await endToEndLatency();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
