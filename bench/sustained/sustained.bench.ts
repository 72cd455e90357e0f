/**
 * Sustained mixed load through the whole pipeline, each part in its own process as in production:
 * the gateway (HTTP ingest) on PostgreSQL, the relay (store → Kafka), the dispatcher (events → each
 * tool's out-topic, in its dialect) and the projector (read model). 50 simulated connectors — the
 * GRC tools of 50 communes of Loiret, each with its own key — file requests and move them along
 * (in progress, then resolved) at a fixed total rate (open loop) for BENCH_SUSTAINED_SECONDS
 * (default 600). It prints the throughput, the end-to-end latency (the HTTP call sent → the message
 * on the tool's out-topic, p50/p99, after a warm-up) and the resident memory of every process at
 * the start (after the warm-up) and at the end: goal, no growth beyond 100 MB.
 *
 * Needs PostgreSQL (DATABASE_URL) and a broker (KAFKA_BROKERS, default 127.0.0.1:9092;
 * `npm run kafka:start`). BENCH_SUSTAINED_RATE sets the requests per second (default 100).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { apiKeyFromSecret, randomKeyId } from '@maillage/connectors';
import { sharedTerritory } from '@maillage/directory';
import { startServer } from '../support/server-process';
import { markdownTable, percentile } from '../support/stats';

const SECONDS = Number(process.env['BENCH_SUSTAINED_SECONDS'] ?? 600);
const RATE = Number(process.env['BENCH_SUSTAINED_RATE'] ?? 100);
const CONNECTORS = 50;
const WARM_UP_SECONDS = Math.min(30, Math.max(5, Math.round(SECONDS / 10)));
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const MEMORY_GOAL_MB = 100;

interface Tool {
  readonly id: string;
  readonly inseeCode: string;
  readonly key: { readonly keyId: string; readonly secretHash: string };
  readonly authorization: string;
  /** Requests filed and how far each was moved (0: filed, 1: in progress, 2: resolved). */
  readonly open: { id: string; step: number }[];
}

interface Sample {
  sentAt: number;
  measured: boolean;
  /** What was sent, to name what never arrived. */
  what: string;
}

async function main(): Promise<void> {
  const run = randomBytes(3).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'maillage-sustained-'));
  const schema = `sustained_${run}`;
  const territory = sharedTerritory();
  const communes: string[] = [];
  for (let n = 1; communes.length < CONNECTORS && n < 500; n++) {
    const code = `45${String(n).padStart(3, '0')}`;
    if (territory.commune(code)) communes.push(code);
  }
  const tools: Tool[] = communes.map((inseeCode, index) => {
    const key = apiKeyFromSecret(randomKeyId(), randomBytes(32).toString('base64url'));
    return {
      id: `s${run}-c${String(index + 1).padStart(2, '0')}`,
      inseeCode,
      key,
      authorization: `Bearer ${key.key}`,
      open: [],
    };
  });
  const connectorsFile = join(dir, 'connectors.json');
  writeFileSync(
    connectorsFile,
    JSON.stringify({
      connectors: tools.map((tool) => ({
        id: tool.id,
        authority: `commune:${tool.inseeCode}`,
        name: `Commune ${tool.inseeCode}`,
        dialect: 'commune-v1',
        keys: [
          {
            keyId: tool.key.keyId,
            secretHash: tool.key.secretHash,
            scopes: ['ingest', 'subscribe'],
          },
        ],
      })),
    }),
  );
  const env = {
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    MAILLAGE_HUB_SECRET: `sustained-${run}-secret-sustained-secret-0123`,
    MAILLAGE_DATA_DIR: dir,
    MAILLAGE_EVENT_STORE: 'postgres',
    DATABASE_URL,
    MAILLAGE_PG_SCHEMA: schema,
    KAFKA_BROKERS: BROKERS.join(','),
    MAILLAGE_EVENTS_TOPIC: `maillage.events.sustained-${run}`,
    MAILLAGE_KAFKA_CLIENT_ID: `sustained-${run}`,
    MAILLAGE_CONNECTORS_FILE: connectorsFile,
    MAILLAGE_DEMO_CONNECTORS: 'off',
    MAILLAGE_AUDIT_CHECKPOINT_INTERVAL: '0',
  };
  console.log(
    `sustained mixed load: ${SECONDS} s at ${RATE} requests/s from ${CONNECTORS} connectors, PostgreSQL + Kafka; ` +
      `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );

  const processes: { name: string; child: ChildProcess }[] = [];
  const gateway = await startServer(
    ['dist/apps/gateway/src/main.js'],
    // The tools file over HTTP here: the gateway runs without the Kafka inbound.
    { ...env, MAILLAGE_PROJECTION: 'off', KAFKA_BROKERS: '' },
    4700,
    '/health/live',
  );
  processes.push({ name: 'gateway', child: gateway.child });
  for (const name of ['relay', 'dispatcher', 'projector']) {
    processes.push({ name, child: spawnApp(name, env) });
  }
  const kafka = new Kafka({
    clientId: `sustained-reader-${run}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const topics = tools.map((tool) => `maillage.out.${tool.id}.v1`);
  await waitForTopics(kafka, topics);

  const samples = new Map<string, Sample>();
  // By ce_id, whenever it comes: a message may reach its out-topic before the HTTP answer that
  // names its event id has reached this process.
  const arrivals = new Map<string, number>();
  let delivered = 0;
  const consumer = kafka.consumer({ groupId: `sustained-reader-${run}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: ({ message }) => {
      delivered += 1;
      const id = message.headers?.['ce_id']?.toString() ?? '';
      if (!arrivals.has(id)) arrivals.set(id, performance.now());
      return Promise.resolve();
    },
  });

  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const started = performance.now();
  const warmedAt = started + WARM_UP_SECONDS * 1000;
  const endAt = started + SECONDS * 1000;
  let sent = 0;
  let acknowledged = 0;
  let failed = 0;
  let memoryStart: Map<string, number> | null = null;
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  for (let tick = 0; performance.now() < endAt; tick++) {
    const due = started + (tick * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!memoryStart && performance.now() >= warmedAt) memoryStart = memoryOf(processes);
    const tool = tools[next++ % tools.length]!;
    const measured = performance.now() >= warmedAt;
    const call = step(gateway.url, agent, tool, samples, measured).then(
      (ok) => {
        if (ok) acknowledged += 1;
        else failed += 1;
      },
      () => {
        failed += 1;
      },
    );
    sent += 1;
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  }
  await Promise.all(inFlight);
  const loadSeconds = (performance.now() - started) / 1000;
  // Drain: every acknowledged change should reach its tool's out-topic.
  const drainUntil = performance.now() + 30_000;
  const missing = () => [...samples].filter(([id]) => !arrivals.has(id)).map(([, s]) => s);
  const pending = () => missing().length;
  while (pending() > 0 && performance.now() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const memoryEnd = memoryOf(processes);
  for (const sample of missing().slice(0, 5)) {
    console.log(`never delivered: ${sample.what}`);
  }
  await consumer.disconnect();
  agent.destroy();

  const latencies = [...samples]
    .filter(([id, s]) => s.measured && arrivals.has(id))
    .map(([id, s]) => arrivals.get(id)! - s.sentAt);
  console.log('');
  console.log(
    markdownTable(
      ['measure', 'value'],
      [
        ['requests sent (filings and status changes)', sent],
        ['acknowledged (2xx) / failed', `${acknowledged} / ${failed}`],
        ['throughput, acknowledged per second', (acknowledged / loadSeconds).toFixed(1)],
        ['messages on out-topics', delivered],
        ['acknowledged but never delivered (after 30 s drain)', pending()],
        [
          'end-to-end p50 (ms), after warm-up',
          latencies.length ? percentile(latencies, 50).toFixed(1) : 'n/a',
        ],
        [
          'end-to-end p99 (ms), after warm-up',
          latencies.length ? percentile(latencies, 99).toFixed(1) : 'n/a',
        ],
      ],
    ),
  );
  console.log('');
  const rows = processes.map(({ name }) => {
    const before = memoryStart?.get(name) ?? NaN;
    const after = memoryEnd.get(name) ?? NaN;
    const growth = after - before;
    return [
      name,
      before.toFixed(0),
      after.toFixed(0),
      growth.toFixed(0),
      Number.isFinite(growth) && growth <= MEMORY_GOAL_MB ? 'yes' : 'no',
    ];
  });
  console.log(
    markdownTable(
      [
        'process',
        `RSS after warm-up (MB)`,
        'RSS at end (MB)',
        'growth (MB)',
        `≤ ${MEMORY_GOAL_MB} MB`,
      ],
      rows,
    ),
  );

  for (const { child } of processes) child.kill('SIGTERM');
  await Promise.all(processes.map(({ child }) => exited(child)));
  for (const line of errorOutput(dir, ['relay', 'dispatcher', 'projector'])) console.log(line);
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(
    `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE; DROP SCHEMA IF EXISTS ${schema}_audit CASCADE`,
  );
  await client.end();
  rmSync(dir, { recursive: true, force: true });
}

/** One request of a tool: a filing, or moving one of its open requests on a step. */
async function step(
  base: string,
  agent: Agent,
  tool: Tool,
  samples: Map<string, Sample>,
  measured: boolean,
): Promise<boolean> {
  const movable = tool.open.find((entry) => entry.step < 2);
  const sentAt = performance.now();
  // Two filings for one change: requests accumulate, as in a town hall.
  if (!movable || tool.open.length % 3 !== 0) {
    const answer = await post(base, agent, tool, '/v1/requests', {
      source: {
        externalId: `${tool.id}-${tool.open.length + 1}-${randomBytes(3).toString('hex')}`,
      },
      channel: 'web',
      category: 'civil_status.birth_certificate',
      description: 'Demande de copie intégrale d’acte de naissance',
      location: { inseeCode: tool.inseeCode },
      citizen: { name: 'Camille Martin', email: 'camille.martin@example.org' },
    });
    if (!answer) return false;
    tool.open.push({ id: answer.id, step: 0 });
    samples.set(answer.events[0]!.eventId, {
      sentAt,
      measured,
      what: `${tool.id} filed ${answer.id} (${answer.events.map((e) => e.eventId).join(', ')})`,
    });
    return true;
  }
  const to = movable.step === 0 ? 'in_progress' : 'resolved';
  movable.step += 1;
  const answer = await post(base, agent, tool, `/v1/requests/${movable.id}/status`, {
    to,
    raw: { code: to === 'resolved' ? 'TRAITEE' : 'EN_COURS', label: to },
  });
  if (!answer) return false;
  samples.set(answer.events[0]!.eventId, {
    sentAt,
    measured,
    what: `${tool.id} moved ${movable.id} to ${to} (${answer.events[0]!.eventId})`,
  });
  return true;
}

function post(
  base: string,
  agent: Agent,
  tool: Tool,
  path: string,
  body: unknown,
): Promise<{ id: string; events: { eventId: string }[] } | null> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: tool.authorization,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 201) return resolve(null);
          resolve(
            JSON.parse(Buffer.concat(chunks).toString()) as {
              id: string;
              events: { eventId: string }[];
            },
          );
        });
      },
    );
    req.on('error', () => resolve(null));
    req.end(payload);
  });
}

/** Starts an app; its error output goes to `<dir>/<name>.log`, summed up at the end. */
function spawnApp(name: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [`dist/apps/${name}/src/main.js`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', openSync(join(env['MAILLAGE_DATA_DIR']!, `${name}.log`), 'w')],
  });
}

/** How many lines each app wrote to its error output, and the last one. */
function errorOutput(dir: string, names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const path = join(dir, `${name}.log`);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    return lines.length === 0
      ? []
      : [`${name}: ${lines.length} line(s) of error output, last: ${lines.at(-1)!.slice(0, 200)}`];
  });
}

async function waitForTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const existing = new Set(await admin.listTopics());
      if (topics.every((topic) => existing.has(topic))) return;
      if (Date.now() > deadline)
        throw new Error('the dispatcher did not create the out-topics in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Resident memory of each process, in MB (Linux /proc). */
function memoryOf(
  processes: readonly { name: string; child: ChildProcess }[],
): Map<string, number> {
  const memory = new Map<string, number>();
  for (const { name, child } of processes) {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      memory.set(name, kb / 1024);
    } catch {
      memory.set(name, NaN);
    }
  }
  return memory;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
