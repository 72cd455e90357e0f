import type Database from 'better-sqlite3';

import { decideAppend, type StoredEventId, type StreamTip } from '../append/append-decision';
import { chainEvents, recordedEventOf } from '../append/chain-events';
import { prepareAppend, type PreparedAppend } from '../append/prepared-append';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { catchUpSubscription } from '../subscription/catch-up.subscription';
import { openSqliteDatabase } from './sqlite.database';
import { toRecordedEvent, type SqliteEventRow } from './sqlite-event.row';
import { translateSqliteError } from './translate-sqlite-error';

export interface SqliteEventStoreOptions {
  /** Database file (its directory is created). The app decides the default (`./data/...`). */
  readonly path: string;
  /** Hub clock stamping `recordedAt` (default: `() => new Date()`). */
  readonly now?: () => Date;
  /** Most appends committed in one transaction (default 1000). */
  readonly maxBatchSize?: number;
  /** How often subscriptions look for events appended by other processes (default 200 ms). */
  readonly pollIntervalMs?: number;
}

interface QueuedAppend {
  readonly append: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The embedded event store (default of `npm start`): one SQLite file, WAL, fsync at commit.
 *
 * Group commit: `appendToStream` only queues; all appends queued during one event-loop turn are
 * written by a single `setImmediate` flush in ONE transaction, so N concurrent requests cost one
 * fsync instead of N. Each append is still checked on its own (expected revision, ids) against
 * the state left by the appends before it in the batch, before it inserts anything, so a wrong
 * revision or an id conflict rejects only its own promise. Promises settle only after COMMIT
 * returned: an acknowledged append is durable. If SQLite refuses an insert, the batch is rolled
 * back and its appends committed one by one, so that only the refused one fails; if COMMIT fails
 * (disk full, I/O error), every append of the batch is rejected, and none is stored.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly maxBatchSize: number;
  private readonly pollIntervalMs: number;
  private readonly queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private closing = false;
  private closed = false;
  private readonly appendedListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly statements;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqliteDatabase(options.path);
    this.now = options.now ?? (() => new Date());
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    const db = this.db;
    this.statements = {
      tip: db.prepare<[string], StreamTip>(
        'SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      storedIds: db.prepare<[string], StoredEventId>(
        `SELECT event_id AS eventId, stream_id AS streamId, position FROM events
         WHERE event_id IN (SELECT value FROM json_each(?))`,
      ),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, personal, metadata,
                             recorded_at, hash, previous_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: db.prepare<[string, number, number], SqliteEventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: db.prepare<[number, number], SqliteEventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: db.prepare<[], { head: number }>(
        'SELECT COALESCE(MAX(position), 0) AS head FROM events',
      ),
    };
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closing)
        throw new EventStoreUnavailableError(
          'SqliteEventStore is closed (the process is shutting down)',
        );
      const append = prepareAppend(streamId, events, options.expectedRevision);
      this.queue.push({ append, resolve, reject });
      this.scheduleFlush();
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.read(() =>
      this.statements.readStream
        .all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1)
        .map(toRecordedEvent),
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.read(() =>
      this.statements.readAll
        .all(options.after ?? 0, options.maxCount ?? 1000)
        .map(toRecordedEvent),
    );
  }

  headPosition(): Promise<number> {
    return this.read(() => this.statements.head.get()?.head ?? 0);
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closing)
      throw new EventStoreUnavailableError(
        'SqliteEventStore is closed (the process is shutting down)',
      );
    const subscription = catchUpSubscription(
      {
        readAll: (page) => this.readAll(page),
        onAppended: (wake) => {
          this.appendedListeners.add(wake);
          return () => this.appendedListeners.delete(wake);
        },
        pollIntervalMs: this.pollIntervalMs,
      },
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** Commits what is queued, stops the subscriptions (after their in-flight event), closes the file. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.closed) this.flush();
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatchSize);
    if (this.queue.length > 0) this.scheduleFlush();
    if (batch.length > 0) this.commitBatch(batch);
  }

  private commitBatch(batch: readonly QueuedAppend[]): void {
    let outcomes: Outcome[];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      outcomes = batch.map((queued) => this.apply(queued.append));
      this.db.exec('COMMIT');
    } catch (error) {
      // Nothing of the batch is stored, so nothing may be acknowledged.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      const translated = translateSqliteError(error);
      if (batch.length > 1 && !(translated instanceof EventStoreUnavailableError)) {
        // SQLite refused one append (expected failures are outcomes, not throws): find it by
        // committing each alone, so that only that one fails. Rare, so the lost grouping is fine.
        for (const queued of batch) this.commitBatch([queued]);
        return;
      }
      for (const queued of batch) queued.reject(translated);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.result);
      else queued.reject(outcome?.error);
    });
    if (outcomes.some((o) => o.ok && !o.result.duplicate)) {
      for (const wake of this.appendedListeners) wake();
    }
  }

  private apply(append: PreparedAppend): Outcome {
    const { streamId, events, expectedRevision } = append;
    const eventIds = events.map((e) => e.event.eventId);
    const tip = this.statements.tip.get(streamId) ?? null;
    const stored = this.statements.storedIds.all(JSON.stringify(eventIds));
    const decision = decideAppend(streamId, eventIds, expectedRevision, tip, stored);
    if (decision.kind === 'reject') return { ok: false, error: decision.error };
    if (decision.kind === 'duplicate') return { ok: true, result: decision.result };

    const recordedAt = this.now().toISOString();
    const chained = chainEvents(
      streamId,
      events,
      decision.firstRevision,
      decision.previousHash,
      recordedAt,
    );
    const recorded = chained.map((e) => {
      const { lastInsertRowid } = this.statements.insert.run(
        e.streamId,
        e.revision,
        e.eventId,
        e.type,
        e.dataJson,
        e.personalJson,
        e.metadataJson,
        e.recordedAt,
        e.hash,
        e.previousHash,
      );
      return recordedEventOf(e, Number(lastInsertRowid));
    });
    const last = recorded.at(-1)!;
    return {
      ok: true,
      result: {
        nextExpectedRevision: last.revision,
        lastPosition: last.position,
        duplicate: false,
        events: recorded,
      },
    };
  }

  /** Reads are synchronous in better-sqlite3; on this connection they run between group commits. */
  private read<T>(query: () => T): Promise<T> {
    if (this.closed)
      return Promise.reject(
        new EventStoreUnavailableError('SqliteEventStore is closed (the process is shutting down)'),
      );
    try {
      return Promise.resolve(query());
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }
}
