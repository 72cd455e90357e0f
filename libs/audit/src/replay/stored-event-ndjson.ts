import { REQUEST_STREAM_PREFIX } from '@maillage/domain';
import {
  STORED_FIELD_COUNT,
  StoredField,
  type JsonObject,
  type RecordedEvent,
  type StoredEventPage,
} from '@maillage/event-store';
import { toAuditEventLine } from './audit-event-line';

/*
 * Lines are written byte by byte into the page's output buffer: every value but the numbers and
 * the instant is copied from the stored UTF-8 bytes with plain loops — no string, nothing
 * allocated per event. A loop copies a field of a few dozen bytes in less time than a
 * `Buffer.copy` call costs, and the loop that copies a value is also the one that checks it. The
 * only comparisons are with ASCII bytes, which never occur inside a multi-byte UTF-8 sequence:
 * UTF-8 text goes through unchanged. (Measured against lines built as strings and written with
 * `latin1`: about 15 % less time per page; a native copy of the data after a read-only scan for
 * digit-only keys was slower than the one loop doing both.)
 */

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/** The constant pieces of a fast line, in order. */
const OPEN = ascii('{"position":');
const STREAM_ID = ascii(',"streamId":"');
const REQUEST_ID = ascii('","requestId":');
const REVISION = ascii(',"revision":');
const EVENT_ID = ascii(',"eventId":"');
const TYPE = ascii('","type":"');
const AUTHORITY = ascii('","authority":');
const CONNECTOR = ascii(',"connector":');
const OCCURRED_AT = ascii(',"occurredAt":');
const RECORDED_AT = ascii(',"recordedAt":"');
const CORRELATION_ID = ascii('","correlationId":');
const CAUSATION_ID = ascii(',"causationId":');
const HASH = ascii(',"hash":"');
const PREVIOUS_HASH = ascii('","previousHash":');
const HAS_PERSONAL_TRUE = ascii(',"hasPersonalData":true,"data":');
const HAS_PERSONAL_FALSE = ascii(',"hasPersonalData":false,"data":');
const NULL = ascii('null');
const PREFIX = ascii(REQUEST_STREAM_PREFIX);

/**
 * The metadata every hub event carries begins, in canonical (sorted, unique) key order, with the
 * actor object holding exactly these two members, then causation, correlation, event id and
 * source time: these literals (two shared with the line), each followed by a value. Canonical JSON has no repeated key and no
 * member before `actor`, so a match gives exactly the values `JSON.parse` would; any other shape
 * takes the exact, slow road.
 */
const ACTOR = ascii('{"actor":{"authority":');
const M_CAUSATION_ID = ascii('},"causationId":');
const M_CORRELATION_ID = ascii(',"correlationId":');
const M_EVENT_ID = ascii(',"eventId":');

/** Bytes of a line beyond the stored bytes it copies: keys, numbers, the instant. */
const LINE_OVERHEAD = 400;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The NDJSON lines of a page of stored events — byte for byte what `formatHistory(..., 'ndjson')`
 * writes for the same events read through the `EventStore` port — built by copying the stored
 * bytes: the data's canonical JSON goes into the line as it is, five metadata values are matched
 * in place, nothing is parsed. An event this cannot render exactly (a digit-only key in its data,
 * a string with an escape, metadata of another shape, a personal part stored as JSON `null`…) is
 * decoded and formatted by `toAuditEventLine` + `JSON.stringify`, as the generic replay does.
 */
export function storedPageToNdjson(page: StoredEventPage): Buffer {
  const writer = new LineWriter(page.bytes.length + page.length * LINE_OVERHEAD);
  for (let event = 0; event < page.length; event++) {
    const at = event * STORED_FIELD_COUNT * 2;
    const streamIdBytes = page.spans[at + 1]! - page.spans[at]!;
    // At most: the event's stored bytes, its stream id again (the request id), the constants.
    writer.reserve(eventBytes(page, at) + streamIdBytes + LINE_OVERHEAD);
    const lineStart = writer.used;
    if (!writer.fastLine(page, event)) {
      writer.used = lineStart;
      const line = slowLine(page, event);
      writer.reserve(line.length);
      writer.used += writer.out.write(line, writer.used, 'latin1');
    }
  }
  return writer.out.subarray(0, writer.used);
}

/** The stored bytes of the event whose spans start at `at`, lengths between fields included. */
function eventBytes(page: StoredEventPage, at: number): number {
  let end = -1;
  for (let field = 0; field < STORED_FIELD_COUNT; field++) {
    end = Math.max(end, page.spans[at + field * 2 + 1]!);
  }
  return end - page.spans[at]!;
}

/** An output buffer and the bytes written to it; each `put…` advances `used`. */
class LineWriter {
  out: Buffer;
  used = 0;
  /** The page and the event `fastLine` is writing: its bytes, and where its spans begin. */
  private src: Buffer = Buffer.alloc(0);
  private spans: Int32Array = new Int32Array(0);
  private at = 0;

  constructor(size: number) {
    this.out = Buffer.allocUnsafe(size);
  }

  /** Makes room for `bytes` more bytes. */
  reserve(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    const grown = Buffer.allocUnsafe(2 * (this.used + bytes));
    this.out.copy(grown, 0, 0, this.used);
    this.out = grown;
  }

  /**
   * Writes the event's line if it can take the fast road; false if not, with `used` wherever it
   * stopped (the caller rewinds).
   */
  fastLine(page: StoredEventPage, event: number): boolean {
    const src = (this.src = page.bytes);
    this.spans = page.spans;
    this.at = event * STORED_FIELD_COUNT * 2;
    const personal = this.start(StoredField.personal);
    if (personal >= 0 && (this.end(StoredField.personal) === personal || src[personal] !== 0x7b)) {
      return false;
    }
    const recordedAtMs = page.recordedAtMs[event]!;
    if (!(recordedAtMs >= 0 && recordedAtMs < YEAR_10000_MS)) return false;
    // The metadata's five values, located before anything is written.
    const metadata = matchMetadata(
      src,
      this.start(StoredField.metadata),
      this.end(StoredField.metadata),
    );
    if (metadata === null) return false;

    this.put(OPEN);
    if (!this.putInteger(page.positions[event]!)) return false;
    this.put(STREAM_ID);
    if (!this.putField(StoredField.streamId)) return false;
    this.put(REQUEST_ID);
    const stream = this.start(StoredField.streamId);
    const streamEnd = this.end(StoredField.streamId);
    if (streamEnd - stream > PREFIX.length && startsWith(src, stream, PREFIX)) {
      this.out[this.used++] = QUOTE;
      this.putBytes(stream + PREFIX.length, streamEnd);
      this.out[this.used++] = QUOTE;
    } else {
      this.put(NULL);
    }
    this.put(REVISION);
    if (!this.putInteger(page.revisions[event]!)) return false;
    this.put(EVENT_ID);
    if (!this.putField(StoredField.eventId)) return false;
    this.put(TYPE);
    if (!this.putField(StoredField.type)) return false;
    this.put(AUTHORITY);
    this.putValue(metadata, MetadataValue.authority);
    this.put(CONNECTOR);
    this.putValue(metadata, MetadataValue.connector);
    this.put(OCCURRED_AT);
    this.putValue(metadata, MetadataValue.occurredAt);
    this.put(RECORDED_AT);
    this.putInstant(recordedAtMs);
    this.put(CORRELATION_ID);
    this.putValue(metadata, MetadataValue.correlationId);
    this.put(CAUSATION_ID);
    this.putValue(metadata, MetadataValue.causationId);
    this.put(HASH);
    if (!this.putField(StoredField.hash)) return false;
    this.put(PREVIOUS_HASH);
    if (this.start(StoredField.previousHash) < 0) {
      this.put(NULL);
    } else {
      this.out[this.used++] = QUOTE;
      if (!this.putField(StoredField.previousHash)) return false;
      this.out[this.used++] = QUOTE;
    }
    this.put(personal >= 0 ? HAS_PERSONAL_TRUE : HAS_PERSONAL_FALSE);
    if (!this.putData(this.start(StoredField.data), this.end(StoredField.data))) return false;
    this.out[this.used++] = 0x7d;
    this.out[this.used++] = 0x0a;
    return true;
  }

  /** Where the current event's field starts (-1 when null) and ends in `src`. */
  private start(field: number): number {
    return this.spans[this.at + field * 2]!;
  }

  private end(field: number): number {
    return this.spans[this.at + field * 2 + 1]!;
  }

  /** The field's content; false if JSON would escape any of it (quote, backslash, control). */
  private putField(field: number): boolean {
    const out = this.out;
    const src = this.src;
    let used = this.used;
    for (let i = this.start(field), to = this.end(field); i < to; i++) {
      const byte = src[i]!;
      if (byte < 0x20 || byte === QUOTE || byte === BACKSLASH) return false;
      out[used++] = byte;
    }
    this.used = used;
    return true;
  }

  /** A metadata value as it is stored (`matchMetadata` has vouched for it). */
  private putValue(metadata: Int32Array, value: number): void {
    this.putBytes(metadata[value]!, metadata[value + 1]!);
  }

  private put(bytes: Uint8Array): void {
    const out = this.out;
    let used = this.used;
    for (let i = 0; i < bytes.length; i++) out[used++] = bytes[i]!;
    this.used = used;
  }

  private putBytes(from: number, to: number): void {
    const out = this.out;
    const src = this.src;
    let used = this.used;
    for (let i = from; i < to; i++) out[used++] = src[i]!;
    this.used = used;
  }

  /**
   * Copies the data's canonical JSON; false if it holds a digit-only key (`{"12":` or `,"12":`),
   * the one place where `JSON.stringify(JSON.parse(canonical))` differs from the canonical text
   * (JavaScript lists integer-like keys first, canonical JSON sorts them as strings). Such bytes
   * inside a string also send the event down the slow road: only slower, never wrong.
   */
  private putData(from: number, to: number): boolean {
    const out = this.out;
    const src = this.src;
    let used = this.used;
    let previous = 0;
    for (let i = from; i < to; i++) {
      const byte = src[i]!;
      if (byte === QUOTE && (previous === 0x7b || previous === 0x2c)) {
        let digit = i + 1;
        while (digit < to && src[digit]! >= 0x30 && src[digit]! <= 0x39) digit++;
        if (digit > i + 1 && src[digit] === QUOTE && src[digit + 1] === 0x3a) return false;
      }
      out[used++] = byte;
      previous = byte;
    }
    this.used = used;
    return true;
  }

  /** A non-negative safe integer in decimal; false for anything else. */
  private putInteger(value: number): boolean {
    if (!(Number.isSafeInteger(value) && value >= 0)) return false;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    const out = this.out;
    let rest = value;
    for (let i = this.used + digits - 1; i >= this.used; i--) {
      out[i] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.used += digits;
    return true;
  }

  /** `new Date(ms).toISOString()` for ms in [0, year 10000): the second's bytes kept. */
  private putInstant(ms: number): void {
    const milliseconds = ms % 1000;
    const second = ms - milliseconds;
    if (second !== isoSecond) {
      const iso = new Date(second).toISOString();
      isoSecondBytes = ascii(iso.slice(0, iso.length - 'mmmZ'.length));
      isoSecond = second;
    }
    this.put(isoSecondBytes);
    const out = this.out;
    out[this.used++] = 0x30 + Math.floor(milliseconds / 100);
    out[this.used++] = 0x30 + (Math.floor(milliseconds / 10) % 10);
    out[this.used++] = 0x30 + (milliseconds % 10);
    out[this.used++] = 0x5a;
  }
}

/** `new Date(ms).toISOString()` has four-digit years from 1970 up to here (exclusive). */
const YEAR_10000_MS = 253_402_300_800_000;
let isoSecond = Number.NaN;
let isoSecondBytes: Uint8Array = new Uint8Array(0);

/** Where `matchMetadata`'s spans hold each value: its start, its end right after. */
const MetadataValue = {
  authority: 0,
  connector: 2,
  causationId: 4,
  correlationId: 6,
  occurredAt: 8,
} as const;

/**
 * The spans of the metadata's five values in its bytes `[from, to)` (`MetadataValue`), or null
 * when the metadata does not begin as described at `ACTOR`. A value is `null` or a string without
 * a backslash. The spans are overwritten by the next call.
 */
function matchMetadata(src: Buffer, from: number, to: number): Int32Array | null {
  const spans = metadataSpans;
  let at = from;
  let slot = 0;
  for (let i = 0; i < METADATA_LITERALS.length; i++) {
    const literal = METADATA_LITERALS[i]!;
    if (at + literal.length > to || !startsWith(src, at, literal)) return null;
    at += literal.length;
    // The event id is not shown (the line's comes from its column), but must be a string.
    const shown = literal !== M_EVENT_ID;
    const valueEnd = shown ? tokenEnd(src, at, to) : stringEnd(src, at, to);
    if (valueEnd < 0) return null;
    if (shown) {
      spans[slot++] = at;
      spans[slot++] = valueEnd;
    }
    at = valueEnd;
  }
  return at < to && (src[at] === 0x2c || src[at] === 0x7d) ? spans : null;
}

const metadataSpans = new Int32Array(10);
const METADATA_LITERALS = [
  ACTOR,
  CONNECTOR,
  M_CAUSATION_ID,
  M_CORRELATION_ID,
  M_EVENT_ID,
  OCCURRED_AT,
] as const;

/** End of the JSON `null` or backslash-free string starting at `at`, or -1. */
function tokenEnd(src: Buffer, at: number, to: number): number {
  if (src[at] === QUOTE) return stringEnd(src, at, to);
  return at + 4 <= to && startsWith(src, at, NULL) ? at + 4 : -1;
}

/** End of the backslash-free JSON string starting at `at` (after its closing quote), or -1. */
function stringEnd(src: Buffer, at: number, to: number): number {
  if (src[at] !== QUOTE) return -1;
  for (let i = at + 1; i < to; i++) {
    const byte = src[i];
    if (byte === QUOTE) return i + 1;
    if (byte === BACKSLASH) return -1;
  }
  return -1;
}

function startsWith(src: Buffer, at: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (src[at + i] !== bytes[i]) return false;
  return true;
}

/** The generic line, as latin1 text of its UTF-8 bytes. */
function slowLine(page: StoredEventPage, event: number): string {
  const line = JSON.stringify(toAuditEventLine(decodeStoredEvent(page, event)));
  return Buffer.from(`${line}\n`, 'utf8').toString('latin1');
}

/** The event as `EventStore.readAll` returns it. */
function decodeStoredEvent(page: StoredEventPage, event: number): RecordedEvent {
  const text = (f: number): string | null => {
    const at = (event * STORED_FIELD_COUNT + f) * 2;
    const start = page.spans[at]!;
    return start < 0 ? null : page.bytes.toString('utf8', start, page.spans[at + 1]);
  };
  const personal = text(StoredField.personal);
  return {
    streamId: text(StoredField.streamId)!,
    revision: page.revisions[event]!,
    position: page.positions[event]!,
    eventId: text(StoredField.eventId)!,
    type: text(StoredField.type)!,
    data: JSON.parse(text(StoredField.data)!) as JsonObject,
    personal: personal === null ? null : (JSON.parse(personal) as JsonObject | null),
    metadata: JSON.parse(text(StoredField.metadata)!) as JsonObject,
    recordedAt: new Date(page.recordedAtMs[event]!).toISOString(),
    hash: text(StoredField.hash)!,
    previousHash: text(StoredField.previousHash),
  };
}
