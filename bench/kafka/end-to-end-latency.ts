/**
 * End-to-end latency: requests filed over HTTP to the hub (relay in-process) at a fixed rate,
 * open loop — each request leaves at its scheduled time whether or not earlier ones were
 * answered — and a kafkajs consumer on the events topic timing each request's RequestFiled from
 * the moment its HTTP request was sent. Matched by request id: the HTTP answer's `id` is the
 * record key.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Kafka } from 'kafkajs';
import { percentile } from '../support/stats';

export interface LatencyRun {
  /** Requests filed in the measured window (201). */
  readonly filed: number;
  /** Requests whose RequestFiled never reached the consumer. */
  readonly missing: number;
  /** Non-201 answers and transport errors. */
  readonly failed: number;
  /** HTTP request sent → RequestFiled received by the consumer, milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** HTTP request sent → 201 received, milliseconds. */
  readonly httpP50: number;
  readonly httpP99: number;
  /**
   * Recorded in the store (the event's `ce_time`, hub clock) → received by the consumer, in
   * milliseconds (1 ms resolution): the relay's and Kafka's share of the latency.
   */
  readonly logP50: number;
  readonly logP99: number;
}

interface Sent {
  readonly sentAt: number;
  answeredAt?: number;
  id?: string;
  readonly measured: boolean;
}

let sequence = 0;
function body(): string {
  sequence += 1;
  return JSON.stringify({
    source: { externalId: `E2E-${process.pid}-${sequence}` },
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

function file(url: URL, agent: Agent, sent: Sent, authorization: string): Promise<boolean> {
  const payload = body();
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          sent.answeredAt = performance.now();
          if (res.statusCode !== 201) return resolve(false);
          sent.id = (JSON.parse(Buffer.concat(chunks).toString()) as { id: string }).id;
          resolve(true);
        });
      },
    );
    req.on('error', () => resolve(false));
    req.end(payload);
  });
}

/** Runs the load against `baseUrl` while consuming `topic`; the hub must already be ready. */
export async function measureLatency(
  kafka: Kafka,
  topic: string,
  baseUrl: string,
  ratePerSecond: number,
  seconds: number,
  warmUpSeconds: number,
  /** The `authorization` header of a connector with the ingest scope. */
  authorization: string,
): Promise<LatencyRun> {
  const received = new Map<string, number>();
  const afterCommit = new Map<string, number>();
  const consumer = kafka.consumer({
    groupId: `maillage-bench-e2e-${process.pid}-${Date.now()}`,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let joined!: () => void;
  const inGroup = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const wallClock = Date.now();
      if (message.headers?.['ce_type']?.toString() !== 'fr.maillage.request.request-filed.v1')
        return;
      const key = message.key?.toString();
      if (!key || received.has(key)) return;
      received.set(key, at);
      const recordedAt = Date.parse(message.headers['ce_time']?.toString() ?? '');
      afterCommit.set(key, wallClock - recordedAt);
    },
  });
  await inGroup;

  const url = new URL('/v1/requests', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sent: Sent[] = [];
  const inFlight: Promise<boolean>[] = [];
  const total = Math.round((warmUpSeconds + seconds) * ratePerSecond);
  const warmUp = Math.round(warmUpSeconds * ratePerSecond);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  let next = 0;
  // Open loop: every millisecond, send whatever is due by the schedule.
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < total && started + next * interval <= now) {
        const entry: Sent = { sentAt: performance.now(), measured: next >= warmUp };
        sent.push(entry);
        inFlight.push(file(url, agent, entry, authorization));
        next += 1;
      }
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const answers = await Promise.all(inFlight);
  const deadline = performance.now() + 10_000;
  const ids = () => sent.filter((s) => s.id !== undefined);
  while (ids().some((s) => !received.has(s.id!)) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await consumer.disconnect();
  agent.destroy();

  const measured = sent.filter((s) => s.measured);
  const ok = measured.filter((s) => s.id !== undefined);
  const latencies = ok
    .filter((s) => received.has(s.id!))
    .map((s) => received.get(s.id!)! - s.sentAt);
  const http = ok.map((s) => s.answeredAt! - s.sentAt);
  const logLatencies = ok.filter((s) => afterCommit.has(s.id!)).map((s) => afterCommit.get(s.id!)!);
  return {
    filed: ok.length,
    missing: ok.length - latencies.length,
    failed: answers.slice(warmUp).filter((answer) => !answer).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    httpP50: percentile(http, 50),
    httpP99: percentile(http, 99),
    logP50: percentile(logLatencies, 50),
    logP99: percentile(logLatencies, 99),
  };
}
