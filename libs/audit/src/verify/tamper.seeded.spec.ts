import { generateKeyPairSync } from 'node:crypto';
import { computeEventHash, type RecordedEvent } from '@maillage/event-store';
import { checkpointLog } from '../checkpoints/compute-checkpoint';
import { readLog } from '../replay/read-log';
import { AuditSigningKey } from '../signing/audit-signing-key';
import { seedRequests, TestClock, tempSqliteStore } from '../testing/seed-log';
import { type CheckpointToVerify, verifyEvents } from './log-verifier';
import type { Finding } from './verification-report';

/** Deterministic PRNG (mulberry32), so that a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutable = { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
/** What a mutation did, and where a verifier must point. */
type Expectation = {
  kinds: Finding['kind'][];
  position: number;
  streamId?: string;
  inRange?: boolean;
};
type Mutation = (log: Mutable[], random: () => number) => Expectation;

const clone = (log: readonly RecordedEvent[]): Mutable[] =>
  log.map((event) => structuredClone(event) as Mutable);
const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;
/** Indexes of events that have a later event in their stream. */
const withSuccessor = (log: readonly Mutable[]) =>
  log
    .map((event, index) => ({ event, index }))
    .filter(({ event }) =>
      log.some(
        (other) => other.streamId === event.streamId && other.revision === event.revision + 1,
      ),
    );
const successorOf = (log: readonly Mutable[], event: Mutable) =>
  log.find((other) => other.streamId === event.streamId && other.revision === event.revision + 1)!;
function rehashStream(log: Mutable[], streamId: string): void {
  let previous: string | null = null;
  for (const event of log
    .filter((e) => e.streamId === streamId)
    .sort((a, b) => a.revision - b.revision)) {
    event.previousHash = previous;
    event.hash = computeEventHash(event);
    previous = event.hash;
  }
}

const MUTATIONS: Record<string, Mutation> = {
  changeData(log, random) {
    const event = pick(log, random);
    event.data = { ...event.data, tampered: Math.floor(random() * 1000) };
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  changeMetadata(log, random) {
    const event = pick(log, random);
    event.metadata = { ...event.metadata, occurredAt: '2020-01-01T00:00:00.000Z' };
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  changeRecordedAt(log, random) {
    const event = pick(log, random);
    event.recordedAt = new Date(Date.parse(event.recordedAt) + 1).toISOString();
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  deleteMidStream(log, random) {
    const { event, index } = pick(withSuccessor(log), random);
    const next = successorOf(log, event);
    log.splice(index, 1);
    return { kinds: ['event_missing'], position: next.position, streamId: event.streamId };
  },
  deleteStreamTail(log, random) {
    const tails = log.filter(
      (event) => !log.some((o) => o.streamId === event.streamId && o.revision > event.revision),
    );
    const event = pick(tails.slice(0, -1), random);
    log.splice(log.indexOf(event), 1);
    return { kinds: ['checkpoint_mismatch'], position: event.position, inRange: true };
  },
  swapInStream(log, random) {
    const { event } = pick(withSuccessor(log), random);
    const next = successorOf(log, event);
    [event.position, next.position] = [next.position, event.position];
    log.sort((a, b) => a.position - b.position);
    return { kinds: ['event_out_of_order'], position: event.position, streamId: event.streamId };
  },
  swapAcrossStreams(log, random) {
    const candidates = log
      .slice(0, -1)
      .filter((event, i) => log[i + 1]!.streamId !== event.streamId);
    const event = pick(candidates, random);
    const next = log[log.indexOf(event) + 1]!;
    [event.position, next.position] = [next.position, event.position];
    log.sort((a, b) => a.position - b.position);
    return { kinds: ['checkpoint_mismatch'], position: next.position, inRange: true };
  },
  truncateTail(log, random) {
    const removed = 1 + Math.floor(random() * 5);
    const firstRemoved = log[log.length - removed]!.position;
    log.splice(log.length - removed, removed);
    return { kinds: ['log_truncated'], position: firstRemoved };
  },
  rewriteChain(log, random) {
    const event = pick(log, random);
    event.data = { ...event.data, description: 'réécrit' };
    rehashStream(log, event.streamId);
    return { kinds: ['checkpoint_mismatch'], position: event.position, inRange: true };
  },
  insertIntoStream(log, random) {
    const { event } = pick(withSuccessor(log), random);
    for (const later of log.filter(
      (e) => e.streamId === event.streamId && e.revision > event.revision,
    ))
      later.revision++;
    const forged: Mutable = {
      ...structuredClone(event),
      eventId: 'forged',
      revision: event.revision + 1,
      position: log.at(-1)!.position + 1,
    };
    log.push(forged);
    rehashStream(log, event.streamId);
    return { kinds: ['event_out_of_order'], position: forged.position, streamId: event.streamId };
  },
  duplicateEvent(log, random) {
    const event = pick(log, random);
    const copy: Mutable = { ...structuredClone(event), position: log.at(-1)!.position + 1 };
    log.push(copy);
    return { kinds: ['revision_duplicate'], position: copy.position, streamId: event.streamId };
  },
};

describe('verify: 1 100 seeded mutations of a real log, every one detected and located', () => {
  let pristine: RecordedEvent[];
  let checkpoints: CheckpointToVerify[];

  beforeAll(async () => {
    const clock = new TestClock();
    const { store } = tempSqliteStore(clock);
    await seedRequests(store, clock, 6);
    const key = AuditSigningKey.fromPem(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const checkpoint = await checkpointLog(store, key);
    pristine = [];
    for await (const event of readLog(store)) pristine.push(event);
    await store.close();
    checkpoints = [{ checkpoint, source: 'file', publicKeyPem: key.publicKeyPem }];
  });

  it.each(Object.keys(MUTATIONS))('%s, 100 seeds', async (name) => {
    const mutate = MUTATIONS[name]!;
    for (let seed = 1; seed <= 100; seed++) {
      const log = clone(pristine);
      const expected = mutate(log, prng(seed * 7919 + name.length));
      const report = await verifyEvents(
        (async function* () {
          yield* log;
        })(),
        checkpoints,
      );
      const located = report.findings.some(
        (finding) =>
          expected.kinds.includes(finding.kind) &&
          (expected.inRange
            ? finding.afterPosition! < expected.position && expected.position <= finding.position
            : finding.position === expected.position) &&
          (expected.streamId === undefined || finding.streamId === expected.streamId),
      );
      if (!located) {
        throw new Error(
          `${name} seed ${seed}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(report.findings)}`,
        );
      }
    }
  });
});
