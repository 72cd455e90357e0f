/** JSON value as stored in an event's data, personal part or metadata. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * What an append expects the stream to be: `'no_stream'` (must not exist), `'any'` (no check),
 * or the revision (0-based) of its last event.
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** An event as handed to the store. `eventId` makes the append idempotent. */
export interface EventToAppend {
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  /** Personal data, stored apart from `data` (null when the event carries none). */
  readonly personal: JsonObject | null;
  readonly metadata: JsonObject;
}

/** An event as the store recorded it. */
export interface RecordedEvent extends EventToAppend {
  readonly streamId: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  /**
   * 1-based position in the global log. Strictly increasing in commit order: a reader that has
   * seen position p will never later see a new event at a position <= p.
   */
  readonly position: number;
  /** Hub time of the append, ISO 8601 UTC. */
  readonly recordedAt: string;
  /** SHA-256 (hex) chaining this event to the previous event of its stream. */
  readonly hash: string;
  /** Hash of the previous event of the stream, null for the first. */
  readonly previousHash: string | null;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended (or already stored) event. */
  readonly lastPosition: number;
  /** True when every event id was already stored in this stream: nothing was written. */
  readonly duplicate: boolean;
  /**
   * The events this append recorded, in order, as `readStream` would return them (`data`,
   * `personal` and `metadata` are the values handed in); empty when `duplicate`. Callers need no
   * read after their write to learn revisions, positions and hashes.
   */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** First revision to read (default 0). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position (default 0: from the start). */
  readonly after?: number;
  /** At most this many events (default 1000). */
  readonly maxCount?: number;
}

/** Called for each event of a subscription, in global order; the next waits for it. */
export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface SubscribeOptions {
  /** Start strictly after this position (default 0). */
  readonly after?: number;
  /** Events fetched per round trip while catching up (default 500). */
  readonly batchSize?: number;
}

/** A running catch-up subscription: catches up from a position, then follows live. */
export interface Subscription {
  /** Last position handed to the handler and completed. */
  readonly position: number;
  /** Stops after the event in flight; resolves when stopped. */
  stop(): Promise<void>;
  /** Rejects if the handler or the store failed and the subscription stopped. */
  readonly done: Promise<void>;
}

/**
 * The event store: source of truth of Maillage. Every adapter (SQLite, PostgreSQL, EventStoreDB)
 * passes the same contract suite (`event-store.contract.ts`).
 */
export interface EventStore {
  /**
   * Appends atomically. Fails with `WrongExpectedRevisionError` when the stream is not at
   * `expectedRevision`. Appending events whose ids are all already in the stream stores nothing
   * and returns `duplicate: true`; a partial overlap is an `EventIdConflictError`.
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** The stream's events in order; empty when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the global log after a position, in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last committed event visible to readers (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch-up subscription on the global log that then follows new events live. */
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
