import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import {
  computeEventHash,
  type EventStore,
  PostgresEventStore,
  type ReadAllOptions,
  type RecordedEvent,
} from '@maillage/event-store';
import {
  EVENT_COLUMNS,
  type PostgresEventRow,
  toRecordedEvent,
} from '../../../event-store/src/postgres/postgres-event.row';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  randomSchema,
} from '../../../event-store/src/testing/postgres-test-database';
import { AuditService } from '../audit.service';
import { readCheckpointFile, writeCheckpointFile } from '../checkpoints/checkpoint-file';
import { PostgresAuditCheckpointStore } from '../checkpoints/postgres.audit-checkpoint-store';
import type { SignedCheckpoint } from '../checkpoints/signed-checkpoint';
import { readLog } from '../replay/read-log';
import { AuditSigningKey } from '../signing/audit-signing-key';
import { seedRequests, type SeededRequest, TestClock } from '../testing/seed-log';
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

/** What a mutation did, and where a verifier must point. */
interface Expectation {
  kinds: Finding['kind'][];
  position: number;
  streamId?: string;
  inRange?: boolean;
}

/** Plain SQL on the events table, inside the transaction the verification then reads through. */
type Sql = (text: string, params?: unknown[]) => Promise<unknown>;
type Mutation = (
  sql: Sql,
  log: readonly RecordedEvent[],
  random: () => number,
) => Promise<Expectation>;

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;
const successorOf = (log: readonly RecordedEvent[], event: RecordedEvent) =>
  log.find((o) => o.streamId === event.streamId && o.revision === event.revision + 1);
const withSuccessor = (log: readonly RecordedEvent[]) =>
  log.filter((event) => successorOf(log, event) !== undefined);

/** A stream's chain re-hashed from its first event, as a forger who knows the algorithm would. */
function rehashed(events: RecordedEvent[]): RecordedEvent[] {
  let previousHash: string | null = null;
  return [...events]
    .sort((a, b) => a.revision - b.revision)
    .map((event) => {
      const forged = { ...event, previousHash };
      forged.hash = computeEventHash(forged);
      previousHash = forged.hash;
      return forged;
    });
}

/** Swaps the positions of two rows (the primary key is checked row by row: via a free slot). */
async function swapPositions(sql: Sql, a: number, b: number): Promise<void> {
  await sql('UPDATE events SET position = -1 WHERE position = $1', [a]);
  await sql('UPDATE events SET position = $1 WHERE position = $2', [a, b]);
  await sql('UPDATE events SET position = $1 WHERE position = -1', [b]);
}

/**
 * The eleven classes of `tamper.seeded.spec.ts`, done in SQL on PostgreSQL: the events to hit are
 * drawn from the pristine log, the change is written by UPDATE / DELETE / INSERT on the table.
 */
const MUTATIONS: Record<string, Mutation> = {
  async changeData(sql, log, random) {
    const event = pick(log, random);
    await sql(
      `UPDATE events SET data = (data::jsonb || jsonb_build_object('tampered', $2::int))::json WHERE position = $1`,
      [event.position, Math.floor(random() * 1000)],
    );
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  async changeMetadata(sql, log, random) {
    const event = pick(log, random);
    await sql(
      `UPDATE events SET metadata = (metadata::jsonb || '{"occurredAt":"2020-01-01T00:00:00.000Z"}')::json WHERE position = $1`,
      [event.position],
    );
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  async changeRecordedAt(sql, log, random) {
    const event = pick(log, random);
    await sql(
      `UPDATE events SET recorded_at = recorded_at + interval '1 millisecond' WHERE position = $1`,
      [event.position],
    );
    return { kinds: ['hash_mismatch'], position: event.position, streamId: event.streamId };
  },
  async deleteMidStream(sql, log, random) {
    const event = pick(withSuccessor(log), random);
    await sql('DELETE FROM events WHERE position = $1', [event.position]);
    const next = successorOf(log, event)!;
    return { kinds: ['event_missing'], position: next.position, streamId: event.streamId };
  },
  async deleteStreamTail(sql, log, random) {
    const tails = log.filter((event) => successorOf(log, event) === undefined);
    const event = pick(tails.slice(0, -1), random);
    await sql('DELETE FROM events WHERE position = $1', [event.position]);
    return { kinds: ['checkpoint_mismatch'], position: event.position, inRange: true };
  },
  async swapInStream(sql, log, random) {
    const event = pick(withSuccessor(log), random);
    const next = successorOf(log, event)!;
    await swapPositions(sql, event.position, next.position);
    // The earlier revision now sits at the later position.
    return { kinds: ['event_out_of_order'], position: next.position, streamId: event.streamId };
  },
  async swapAcrossStreams(sql, log, random) {
    const candidates = log
      .slice(0, -1)
      .filter((event, i) => log[i + 1]!.streamId !== event.streamId);
    const event = pick(candidates, random);
    const next = log[log.indexOf(event) + 1]!;
    await swapPositions(sql, event.position, next.position);
    return { kinds: ['checkpoint_mismatch'], position: next.position, inRange: true };
  },
  async truncateTail(sql, log, random) {
    const removed = 1 + Math.floor(random() * 5);
    const firstRemoved = log[log.length - removed]!.position;
    await sql('DELETE FROM events WHERE position >= $1', [firstRemoved]);
    return { kinds: ['log_truncated'], position: firstRemoved };
  },
  async rewriteChain(sql, log, random) {
    const event = pick(log, random);
    const stream = log
      .filter((e) => e.streamId === event.streamId)
      .map((e) =>
        e.position === event.position ? { ...e, data: { ...e.data, description: 'réécrit' } } : e,
      );
    for (const forged of rehashed(stream)) {
      await sql('UPDATE events SET data = $2, hash = $3, previous_hash = $4 WHERE position = $1', [
        forged.position,
        JSON.stringify(forged.data),
        forged.hash,
        forged.previousHash,
      ]);
    }
    return { kinds: ['checkpoint_mismatch'], position: event.position, inRange: true };
  },
  async insertIntoStream(sql, log, random) {
    const event = pick(withSuccessor(log), random);
    const position = log.at(-1)!.position + 1;
    const forged: RecordedEvent = {
      ...event,
      eventId: 'forged',
      revision: event.revision + 1,
      position,
    };
    const stream = [
      ...log
        .filter((e) => e.streamId === event.streamId)
        .map((e) => (e.revision > event.revision ? { ...e, revision: e.revision + 1 } : e)),
      forged,
    ];
    await sql(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash)
       SELECT $2, stream_id, revision, 'forged', type, data, personal, metadata, recorded_at, hash, previous_hash
         FROM events WHERE position = $1`,
      [event.position, position],
    );
    for (const e of rehashed(stream)) {
      await sql(
        'UPDATE events SET revision = $2, hash = $3, previous_hash = $4 WHERE position = $1',
        [e.position, e.revision, e.hash, e.previousHash],
      );
    }
    return { kinds: ['event_out_of_order'], position, streamId: event.streamId };
  },
  async duplicateEvent(sql, log, random) {
    const event = pick(log, random);
    const position = log.at(-1)!.position + 1;
    await sql(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash)
       SELECT $2, stream_id, revision, event_id, type, data, personal, metadata, recorded_at, hash, previous_hash
         FROM events WHERE position = $1`,
      [event.position, position],
    );
    return { kinds: ['revision_duplicate'], position, streamId: event.streamId };
  },
};

const SEEDS_PER_CLASS = 100;

/**
 * Seeds one PostgreSQL store once; each mutation is applied in a transaction by someone holding
 * the database (append-only trigger disabled, unique constraints dropped), the log is verified by
 * reading it back through that transaction with the adapter's own columns and row mapping, and the
 * transaction is rolled back — so 1 100 mutations need no re-seeding.
 */
describePostgres(
  'verify: 1 100 seeded mutations of a PostgreSQL store, every one detected and located',
  () => {
    const schema = randomSchema('audit_seeded');
    const auditSchema = `${schema}_audit`;
    const key = AuditSigningKey.fromPem(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    let store: PostgresEventStore;
    let checkpointStore: PostgresAuditCheckpointStore;
    let audit: AuditService;
    let requests: SeededRequest[];
    let pristine: RecordedEvent[];
    let checkpoint: SignedCheckpoint;
    let kept: CheckpointToVerify[];
    let pool: Pool;
    let client: PoolClient;

    beforeAll(async () => {
      const clock = new TestClock();
      store = await PostgresEventStore.create({
        connectionString: DATABASE_URL,
        schema,
        now: clock.now,
        poolSize: 2,
      });
      requests = await seedRequests(store, clock, 6);
      checkpointStore = await PostgresAuditCheckpointStore.create(DATABASE_URL, auditSchema);
      audit = new AuditService(store, checkpointStore, key, clock.now);
      checkpoint = (await audit.createCheckpoint())!;
      kept = [{ checkpoint, source: 'file', publicKeyPem: key.publicKeyPem }];
      pristine = [];
      for await (const event of readLog(store)) pristine.push(event);
      pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
      client = await pool.connect();
      await client.query(`SET search_path TO "${schema}"`);
    });
    afterAll(async () => {
      client?.release();
      await pool?.end();
      await checkpointStore?.close();
      await store?.close();
      await dropSchema(schema);
      await dropSchema(auditSchema);
    });

    /** `readAll` of `PostgresEventStore` (same columns, order and row mapping), on `client`. */
    const inTransaction: Pick<EventStore, 'readAll'> = {
      async readAll(options: ReadAllOptions = {}) {
        const { rows } = await client.query<PostgresEventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
          [options.after ?? 0, options.maxCount ?? 1000],
        );
        return rows.map(toRecordedEvent);
      },
    };
    const sql: Sql = (text, params) => client.query(text, params);

    /** Tampers inside a transaction, verifies what the transaction sees, rolls back. */
    async function tamperAndVerify<T>(
      mutate: () => Promise<T>,
    ): Promise<{ result: T; report: Awaited<ReturnType<typeof verifyEvents>> }> {
      await client.query('BEGIN');
      try {
        await client.query(
          `ALTER TABLE events DISABLE TRIGGER events_append_only,
           DROP CONSTRAINT events_event_id_key, DROP CONSTRAINT events_stream_id_revision_key`,
        );
        const result = await mutate();
        // Small pages, so that the verification pages through the tampered table.
        const report = await verifyEvents(readLog(inTransaction, { pageSize: 16 }), kept);
        return { result, report };
      } finally {
        await client.query('ROLLBACK');
      }
    }

    it('reads the same log through the transaction as through the store, and verifies it', async () => {
      const { report } = await tamperAndVerify(async () => undefined);
      expect(report).toMatchObject({ ok: true, findingCount: 0, eventsChecked: pristine.length });
      expect(report.root).toBe(checkpoint.root);
      const seen: RecordedEvent[] = [];
      for await (const event of readLog(inTransaction, { pageSize: 7 })) seen.push(event);
      expect(seen).toEqual(pristine);
    });

    it.each(Object.keys(MUTATIONS))(`%s, ${SEEDS_PER_CLASS} seeds`, async (name) => {
      const mutate = MUTATIONS[name]!;
      for (let seed = 1; seed <= SEEDS_PER_CLASS; seed++) {
        const { result: expected, report } = await tamperAndVerify(() =>
          mutate(sql, pristine, prng(seed * 7919 + name.length)),
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
      // Every transaction was rolled back: the store is untouched.
      expect((await audit.verify()).ok).toBe(true);
    });

    it('detects a rewritten chain, store checkpoints deleted, against an exported checkpoint', async () => {
      const file = join(
        mkdtempSync(join(tmpdir(), 'maillage-pg-checkpoints-')),
        'checkpoints.json',
      );
      writeCheckpointFile(file, { publicKey: key.publicKeyPem, checkpoints: [checkpoint] });
      const target = requests[2]!;
      const stream = pristine
        .filter((e) => e.streamId === target.streamId)
        .map((e) =>
          e.revision === 0 ? { ...e, data: { ...e.data, description: 'Demande modifiée' } } : e,
        );
      // Committed this time, through the real store: a forger with the database rewrites the
      // request's whole chain with valid hashes and deletes the hub's own checkpoints.
      await client.query('BEGIN');
      await client.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      for (const forged of rehashed(stream)) {
        await sql(
          'UPDATE events SET data = $2, hash = $3, previous_hash = $4 WHERE position = $1',
          [forged.position, JSON.stringify(forged.data), forged.hash, forged.previousHash],
        );
      }
      await client.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
      await client.query(`DELETE FROM "${auditSchema}".audit_checkpoints`);
      await client.query('COMMIT');

      // Without a checkpoint kept outside, the rewrite is self-consistent: nothing to see.
      expect(await audit.verify()).toMatchObject({ ok: true, findingCount: 0 });
      const report = await audit.verify({ trusted: readCheckpointFile(file) });
      expect(report.ok).toBe(false);
      expect(report.findings).toEqual([
        expect.objectContaining({
          kind: 'checkpoint_mismatch',
          position: checkpoint.position,
          afterPosition: 0,
        }),
      ]);
      expect(report.checkpoints).toEqual([
        expect.objectContaining({ source: 'file', status: 'mismatch' }),
      ]);
    });
  },
);
