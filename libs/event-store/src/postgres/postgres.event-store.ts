import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';
import { Pool, type PoolClient } from 'pg';

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
import type { StoredEventPage, StoredLogReader, StoredLogSelection } from '../stored-log.port';
import { catchUpSubscription } from '../subscription/catch-up.subscription';
import { PostgresAppendListener } from './postgres-append.listener';
import { EVENT_COLUMNS, toRecordedEvent, type PostgresEventRow } from './postgres-event.row';
import { appendBatch, type AppendOutcome } from './postgres.append-batch';
import { appendChannel, ensurePostgresSchema, quotedSchema } from './postgres.schema';
import { readStoredLogPages } from './postgres-stored-log.reader';
import { isPgUnavailable, translatePgError } from './translate-pg-error';
import { surviveConnectionLoss } from './survive-connection-loss';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Schema holding the store's tables, created if missing (default `maillage`). */
  readonly schema?: string;
  /** Connections in the pool (default 10); appends use one at a time, reads the others. */
  readonly poolSize?: number;
  /** Hub clock stamping `recordedAt` (default: `() => new Date()`). */
  readonly now?: () => Date;
  /** Most appends committed in one transaction (default 1000). */
  readonly maxBatchSize?: number;
  /** Fallback poll interval of subscriptions when no notification arrives (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** How long to wait for a pooled connection before answering unavailable (default 10 s). */
  readonly connectionTimeoutMs?: number;
  /**
   * Test seam, never set in production: awaited inside each append transaction just before
   * COMMIT, while the `log_head` lock is held. The commit-order test uses it to hold a
   * transaction open.
   */
  readonly beforeCommit?: () => Promise<void>;
}

interface QueuedAppend {
  readonly append: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Event store on PostgreSQL. Ordering of the global log: see `postgres.append-batch.ts` (single
 * `log_head` row lock → dense positions in commit order).
 *
 * Group commit: appends are queued and written by one batch at a time per process; whatever
 * queued while a batch was in flight goes into the next one, in one transaction. Appends are
 * judged one by one inside it; promises settle only after COMMIT returned. If the batch
 * transaction fails for another reason than the server being unavailable (a value PostgreSQL
 * refuses, say), each of its appends is retried alone, so the bad one fails by itself.
 */
export class PostgresEventStore implements EventStore, StoredLogReader {
  private readonly pool: Pool;
  private readonly s: string;
  private readonly channel: string;
  private readonly listener: PostgresAppendListener;
  private readonly queue: QueuedAppend[] = [];
  private writing = false;
  private closing = false;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();
  private readonly localWakers = new Set<() => void>();

  private constructor(private readonly options: PostgresEventStoreOptions) {
    const schema = options.schema ?? 'maillage';
    this.s = quotedSchema(schema);
    this.channel = appendChannel(schema);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    });
    // A client dying (server restart) must not crash the process; the next query fails and is
    // translated.
    surviveConnectionLoss(this.pool);
    this.listener = new PostgresAppendListener(options.connectionString, this.channel);
  }

  /** Connects, creates the schema if needed, and returns a ready store. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await ensurePostgresSchema(store.pool, options.schema ?? 'maillage');
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closing)
        throw new EventStoreUnavailableError(
          'PostgresEventStore is closed (the process is shutting down)',
        );
      const append = prepareAppend(streamId, events, options.expectedRevision);
      this.queue.push({ append, resolve, reject });
      this.scheduleBatch();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
        WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  /** Safe to page through while appends commit: see the ordering proof in `appendBatch`. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? 0, options.maxCount ?? 1000],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * The log as stored, for readers that forward it (`StoredLogReader`): one binary COPY on a
   * connection of its own, the JSON parts left as the text they were stored as.
   */
  readStoredLog(selection: StoredLogSelection): AsyncIterable<StoredEventPage> {
    this.assertOpen();
    return readStoredLogPages(this.pool, this.s, selection);
  }

  async headPosition(): Promise<number> {
    const rows = await this.query<{ position: string }>(`SELECT position FROM ${this.s}.log_head`);
    return Number(rows[0]?.position ?? 0);
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closing)
      throw new EventStoreUnavailableError(
        'PostgresEventStore is closed (the process is shutting down)',
      );
    const subscription = catchUpSubscription(
      {
        readAll: (page) => this.readAll(page),
        onAppended: (wake) => {
          this.localWakers.add(wake);
          const stopListening = this.listener.onAppended(wake);
          return () => {
            this.localWakers.delete(wake);
            stopListening();
          };
        },
        pollIntervalMs: this.options.pollIntervalMs ?? 500,
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

  /** Lets queued appends commit, stops subscriptions after their in-flight event, closes the pool. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    while (this.writing || this.queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.closed = true;
    await this.listener.close();
    await this.pool.end();
  }

  private scheduleBatch(): void {
    if (this.writing) return; // the batch in flight starts the next one when it ends
    this.writing = true;
    // Let the appends issued in this event-loop turn join the batch.
    setImmediate(() => void this.runBatch());
  }

  private async runBatch(): Promise<void> {
    this.writing = true;
    const batch = this.queue.splice(0, this.options.maxBatchSize ?? 1000);
    try {
      if (batch.length > 0) await this.commitBatch(batch);
    } finally {
      this.writing = false;
      if (this.queue.length > 0) this.scheduleBatch();
    }
  }

  private async commitBatch(batch: readonly QueuedAppend[]): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.inTransaction((client) =>
        appendBatch(
          client,
          batch.map((q) => q.append),
          this.context(),
        ),
      );
    } catch (error) {
      if (batch.length === 1 || isPgUnavailable(error)) {
        const translated = translatePgError(error);
        for (const queued of batch) queued.reject(translated);
        return;
      }
      for (const queued of batch) await this.commitBatch([queued]);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.result);
      else queued.reject(outcome?.error);
    });
    if (outcomes.some((o) => o.ok && !o.result.duplicate)) {
      this.localWakers.forEach((wake) => wake());
    }
  }

  private context() {
    return {
      s: this.s,
      channel: this.channel,
      now: this.options.now ?? (() => new Date()),
      ...(this.options.beforeCommit ? { beforeCommit: this.options.beforeCommit } : {}),
    };
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      // A broken connection is destroyed rather than returned to the pool.
      const broken = isPgUnavailable(error);
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      client.release(broken ? (error as Error) : undefined);
      throw error;
    }
  }

  private async query<Row extends object>(sql: string, params: unknown[] = []): Promise<Row[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<Row>(sql, params)).rows;
    } catch (error) {
      throw translatePgError(error);
    }
  }

  /** Use after close is a programming error, not an outage: it must not be retried. */
  private assertOpen(): void {
    if (this.closed)
      throw new EventStoreUnavailableError(
        'PostgresEventStore is closed (the process is shutting down)',
      );
  }
}
