/**
 * Optional capability of an event store: the global log handed out as stored, undecoded — for
 * readers that only forward most of each event (an audit replay writing a million NDJSON lines),
 * where parsing every JSON part into objects and serialising it again is most of the cost.
 * `canReadStoredLog` tells whether a store has it; callers keep the `EventStore` port as their
 * fallback.
 */
export interface StoredLogReader {
  /**
   * The events the selection picks, in position order, a page at a time. Reads ahead at most a
   * couple of pages: a consumer that stops pulling stops the read, not memory. Stopping early
   * (`break`, `return`) abandons the read and frees its connection.
   */
  readStoredLog(selection: StoredLogSelection): AsyncIterable<StoredEventPage>;
}

/** Which events `readStoredLog` hands out; every criterion given must hold. */
export interface StoredLogSelection {
  /** Strictly after this position (default 0). */
  readonly after?: number;
  /** Up to this position, inclusive: the head read before starting, so the read ends. */
  readonly upTo: number;
  /** Only events of these streams (none when the list is empty). */
  readonly streamIds?: readonly string[];
  /** Only events whose `recordedAt`, in whole milliseconds, is at or after this (ms since epoch). */
  readonly recordedFromMs?: number;
  /** Only events whose `recordedAt`, in whole milliseconds, is at or before this. */
  readonly recordedToMs?: number;
  /** Only events of these types (none when the list is empty). */
  readonly types?: readonly string[];
}

/** The text fields of a stored event, in the order of `StoredEventPage.spans`. */
export const StoredField = {
  streamId: 0,
  eventId: 1,
  type: 2,
  data: 3,
  personal: 4,
  metadata: 5,
  hash: 6,
  previousHash: 7,
} as const;

export const STORED_FIELD_COUNT = 8;

/**
 * Events as stored, column by column. Text fields are UTF-8 bytes in `bytes`; `data`, `personal`
 * and `metadata` are the JSON text the store holds — the `canonicalJson` of the values appended
 * (sorted keys, no whitespace, strings and numbers as `JSON.stringify` writes them).
 */
export interface StoredEventPage {
  /** Events in the page. */
  readonly length: number;
  readonly positions: Float64Array;
  readonly revisions: Float64Array;
  /** `recordedAt` in milliseconds since the epoch (what `Date.parse(recordedAt)` gives). */
  readonly recordedAtMs: Float64Array;
  readonly bytes: Buffer;
  /**
   * Field `f` (`StoredField`) of event `i` is `bytes[start, end)` with
   * `start = spans[(i * STORED_FIELD_COUNT + f) * 2]`, `end` the next entry; `start` is -1 when
   * the field is null (`personal`, `previousHash`).
   */
  readonly spans: Int32Array;
}

/** Whether `store` can hand out its log as stored (`StoredLogReader`). */
export function canReadStoredLog<T extends object>(store: T): store is T & StoredLogReader {
  return typeof (store as Partial<StoredLogReader>).readStoredLog === 'function';
}
