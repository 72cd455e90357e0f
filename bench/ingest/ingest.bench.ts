/**
 * npm run bench:ingest — files requests over HTTP (keep-alive, concurrent connections) against the
 * hub on SQLite and on PostgreSQL, and in the same run against a bare NestJS+Fastify endpoint that
 * records nothing. Prints requests/s, p50/p99 latency and the ratio to the bare endpoint, the
 * median of BENCH_RUNS runs each, then checks that every acknowledged (201) request is stored.
 *
 * Environment: BENCH_RUNS (3), BENCH_SECONDS (10), BENCH_CONNECTIONS (64), DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { benchConnector } from '../support/bench-connector';
import { type ServerProcess, startServer } from '../support/server-process';
import { markdownTable, median } from '../support/stats';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 64);
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'bench-secret-bench-secret-bench-secret-00';
/** The connector the load files as (its own directory: the SQLite target's cleanup empties its own). */
const connector = benchConnector(mkdtempSync(join(tmpdir(), 'maillage-bench-connector-')));

interface RunResult {
  readonly rps: number;
  /** The server process's CPU time (user + system, all its threads) per answered request, in µs. */
  readonly cpuMicros: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
}

interface Target {
  readonly name: string;
  start(port: number): Promise<ServerProcess>;
  /** Requests actually stored, counted in the store after the server stopped. */
  stored(): Promise<number | null>;
  cleanup(): Promise<void>;
}

let sequence = 0;
function body(): string {
  sequence += 1;
  return JSON.stringify({
    source: { externalId: `BENCH-${process.pid}-${sequence}` },
    channel: 'web',
    category: sequence % 2 ? 'roads.departmental' : 'roads.municipal',
    description: 'Nid-de-poule signalé devant le numéro 12',
    location: {
      inseeCode: '45155',
      address: 'Rue de la Paix, 45500 Gien',
      coordinates: { lat: 47.69, lon: 2.63 },
    },
    citizen: { name: 'Camille Martin', email: `camille.${sequence}@example.org` },
  });
}

/**
 * CPU time a process has used so far, in ms (Linux: utime + stime of /proc/<pid>/stat, every
 * thread included — SQLite's writes run on the server's own thread). What the server spends per
 * request hardly depends on what else the machine runs, unlike requests/s on a shared machine;
 * PostgreSQL's own backends are other processes and are not counted.
 */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

async function load(url: string, authorization: string, pid: number): Promise<RunResult> {
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: `${url}/v1/requests`,
    connections: CONNECTIONS,
    duration: SECONDS,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  const answered = result['2xx'] + result.non2xx;
  return {
    rps: result.requests.average,
    cpuMicros: answered > 0 ? ((cpuMs(pid) - cpuBefore) * 1000) / answered : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function hubTarget(
  name: string,
  env: () => Record<string, string>,
  stored: () => Promise<number | null>,
  cleanup: () => Promise<void>,
): Target {
  return {
    name,
    start: (port) =>
      startServer(
        ['dist/apps/hub/src/main.js'],
        {
          LOG_LEVEL: 'error',
          MAILLAGE_HUB_SECRET: SECRET,
          // Ingest alone: a KAFKA_BROKERS in the caller's environment would add the relay.
          KAFKA_BROKERS: '',
          ...connector.env,
          ...env(),
        },
        port,
        '/docs/openapi.json',
      ),
    stored,
    cleanup,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  const schema = `bench_${process.pid}`;
  const pg = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const targets: Target[] = [
    {
      name: 'bare NestJS+Fastify (baseline)',
      start: (port) =>
        startServer(
          ['-r', 'ts-node/register/transpile-only', 'bench/ingest/bare-server.ts'],
          {},
          port,
          '/health',
        ),
      stored: () => Promise.resolve(null),
      cleanup: () => Promise.resolve(),
    },
    hubTarget(
      'hub, SQLite store',
      () => ({ MAILLAGE_DATA_DIR: dataDir }),
      () => {
        const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
        const { n } = db
          .prepare("SELECT count(*) AS n FROM events WHERE type = 'RequestFiled'")
          .get() as { n: number };
        db.close();
        return Promise.resolve(n);
      },
      () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    ),
    hubTarget(
      'hub, PostgreSQL store',
      () => ({
        MAILLAGE_DATA_DIR: dataDir,
        MAILLAGE_EVENT_STORE: 'postgres',
        DATABASE_URL,
        MAILLAGE_PG_SCHEMA: schema,
      }),
      () =>
        pg(async (client) =>
          Number(
            (
              await client.query(
                `SELECT count(*) AS n FROM ${schema}.events WHERE type = 'RequestFiled'`,
              )
            ).rows[0].n,
          ),
        ),
      () =>
        pg(
          async (client) =>
            void (await client.query(
              `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE`,
            )),
        ),
    ),
  ];

  console.log(
    `ingest benchmark: ${RUNS} runs × ${SECONDS}s, ${CONNECTIONS} connections, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  const rows: (string | number)[][] = [];
  let baseline = 0;
  let baselineCpu = 0;
  let port = 4100;
  let lost = 0;
  for (const target of targets) {
    const runs: RunResult[] = [];
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      const server = await target.start(port++);
      try {
        const pid = server.child.pid ?? 0;
        const warmUp = await load(server.url, connector.authorization, pid); // not counted in the figures, but its requests are stored
        const result = await load(server.url, connector.authorization, pid);
        runs.push(result);
        acknowledged += warmUp.ok + result.ok;
      } finally {
        await server.stop();
      }
    }
    const stored = await target.stored();
    const rps = median(runs.map((r) => r.rps));
    const cpu = median(runs.map((r) => r.cpuMicros));
    if (baseline === 0) {
      baseline = rps;
      baselineCpu = cpu;
    }
    if (stored !== null && stored < acknowledged) lost += acknowledged - stored;
    rows.push([
      target.name,
      Math.round(rps),
      median(runs.map((r) => r.p50)),
      median(runs.map((r) => r.p99)),
      `${Math.round((rps / baseline) * 100)} %`,
      Math.round(cpu),
      `${(cpu / baselineCpu).toFixed(1)}×`,
      runs.reduce((sum, r) => sum + r.failed, 0),
      stored === null ? 'n/a' : `${stored} stored / ${acknowledged} acknowledged`,
    ]);
    await target.cleanup();
  }
  console.log(
    markdownTable(
      [
        'target',
        'req/s (median)',
        'p50 ms',
        'p99 ms',
        'vs bare',
        'server CPU µs/request',
        'CPU vs bare',
        'non-2xx/errors',
        'durability',
      ],
      rows,
    ),
  );
  if (lost > 0) {
    console.error(`DURABILITY FAILURE: ${lost} acknowledged requests are not in the store`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
