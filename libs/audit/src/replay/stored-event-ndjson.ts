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
 * The page's UTF-8 bytes are read as latin1 — one character per byte, both ways — so that its
 * text can be cut, matched and joined with JavaScript's native string operations, then written
 * back as latin1: the bytes come out exactly as they went in, UTF-8 sequences included (they only
 * ever match the patterns below byte for byte, every pattern being ASCII).
 */

/** A JSON string token whose content needs no escape, or null: what `stringOrNull` shows. */
const TOKEN = '("[^"\\\\]*"|null)';
/**
 * The head of the metadata every hub event carries, in canonical (sorted, unique) key order: the
 * actor object with exactly these two members, then causation, correlation, event id and source
 * time. Canonical JSON has no repeated key and no member before `actor`, so a match gives exactly
 * the values `JSON.parse` would; any other shape takes the exact, slow road.
 */
const METADATA_HEAD = new RegExp(
  `\\{"actor":\\{"authority":${TOKEN},"connector":${TOKEN}\\},"causationId":${TOKEN},` +
    `"correlationId":${TOKEN},"eventId":"[^"\\\\]*","occurredAt":${TOKEN}[,}]`,
  'y',
);
/**
 * A key made only of digits: the one place where `JSON.stringify(JSON.parse(canonical))` differs
 * from the canonical text (JavaScript lists integer-like keys first, canonical JSON sorts them as
 * strings). May also match inside a string; that only sends the event down the slow road.
 */
const DIGIT_KEY = /[{,]"\d+":/;
/*
 * Whether the stream id, event id and type, then the hash and previous hash, need no escape (no
 * quote, backslash or control character: what `JSON.stringify` escapes; UTF-8 holds no lone
 * surrogate): one sticky match per group over the event's text. In a group the fields lie one
 * after the other, each behind its 4-byte length, whose first byte is 0 below 16 MiB. PostgreSQL
 * text never holds a 0 byte, so a 0 is always the start of a length, and the match reaches the
 * group's end exactly when every field in it is clean. Anything else (an escape, a field of
 * 16 MiB or more) stops it short: the slow road. `CLEAN` is a run of characters JSON leaves as
 * they are, `LENGTH` a field's length.
 */
const CLEAN = '[^"\\\\\\u0000-\\u001f]*';
const LENGTH = '\\u0000[^]{3}';
const CLEAN_IDS = new RegExp(`${CLEAN}${LENGTH}${CLEAN}${LENGTH}${CLEAN}`, 'y');
const CLEAN_HASHES = new RegExp(`${CLEAN}${LENGTH}${CLEAN}`, 'y');
const CLEAN_HASH = new RegExp(CLEAN, 'y');
/** Bytes of a line beyond the stored text it copies: keys, numbers, the instant, the request id. */
const LINE_OVERHEAD = 400;

/**
 * The NDJSON lines of a page of stored events — byte for byte what `formatHistory(..., 'ndjson')`
 * writes for the same events read through the `EventStore` port — built by cutting and joining the
 * stored text: the data's canonical JSON goes into the line as it is, five metadata values are
 * matched in place, nothing is parsed. An event this cannot render exactly (a digit-only key in
 * its data, a string with an escape, metadata of another shape, a personal part stored as JSON
 * `null`…) is decoded and formatted by `toAuditEventLine` + `JSON.stringify`, as the generic
 * replay does.
 */
export function storedPageToNdjson(page: StoredEventPage): Buffer {
  let out = Buffer.allocUnsafe(page.bytes.length + page.length * LINE_OVERHEAD);
  let used = 0;
  for (let event = 0; event < page.length; event++) {
    const line = fastLine(page, event) ?? slowLine(page, event);
    if (used + line.length > out.length) {
      const grown = Buffer.allocUnsafe(2 * (used + line.length));
      out.copy(grown, 0, 0, used);
      out = grown;
    }
    used += out.write(line, used, 'latin1');
  }
  return out.subarray(0, used);
}

/**
 * The whole line, when the event can take the fast road; null if not. One string, written with
 * one call: cheaper than writing the head and copying the data's bytes after it.
 */
function fastLine(page: StoredEventPage, event: number): string | null {
  const spans = page.spans;
  const at = event * STORED_FIELD_COUNT * 2;
  // The event's text fields lie together, from the stream id to the last non-null field.
  const base = spans[at]!;
  const last = spans[at + StoredField.previousHash * 2 + 1]!;
  const end = last < 0 ? spans[at + StoredField.hash * 2 + 1] : last;
  const text = page.bytes.toString('latin1', base, end);
  const field = (f: number): string =>
    text.slice(spans[at + f * 2]! - base, spans[at + f * 2 + 1]! - base);
  const personalStart = spans[at + StoredField.personal * 2]!;
  if (personalStart >= 0 && text.charCodeAt(personalStart - base) !== 0x7b) return null;
  const streamId = field(StoredField.streamId);
  const eventId = field(StoredField.eventId);
  const type = field(StoredField.type);
  const hash = field(StoredField.hash);
  const previousHash =
    spans[at + StoredField.previousHash * 2]! < 0 ? null : field(StoredField.previousHash);
  CLEAN_IDS.lastIndex = 0;
  if (!reachesEnd(CLEAN_IDS, text, spans[at + StoredField.type * 2 + 1]! - base)) return null;
  const hashes = previousHash === null ? CLEAN_HASH : CLEAN_HASHES;
  hashes.lastIndex = spans[at + StoredField.hash * 2]! - base;
  if (!reachesEnd(hashes, text, text.length)) return null;
  if (DIGIT_KEY.test(field(StoredField.data))) return null;
  METADATA_HEAD.lastIndex = spans[at + StoredField.metadata * 2]! - base;
  const metadata = METADATA_HEAD.exec(text);
  if (metadata === null) return null;
  const requestId =
    streamId.length > REQUEST_STREAM_PREFIX.length && streamId.startsWith(REQUEST_STREAM_PREFIX)
      ? `"${streamId.slice(REQUEST_STREAM_PREFIX.length)}"`
      : 'null';
  return (
    `{"position":${page.positions[event]},"streamId":"${streamId}","requestId":${requestId},` +
    `"revision":${page.revisions[event]},"eventId":"${eventId}","type":"${type}",` +
    `"authority":${metadata[1]},"connector":${metadata[2]},"occurredAt":${metadata[5]},` +
    `"recordedAt":"${isoInstant(page.recordedAtMs[event]!)}","correlationId":${metadata[4]},` +
    `"causationId":${metadata[3]},"hash":"${hash}",` +
    `"previousHash":${previousHash === null ? 'null' : `"${previousHash}"`},` +
    `"hasPersonalData":${personalStart >= 0},"data":${field(StoredField.data)}}\n`
  );
}

/** Whether the sticky `pattern`, from its `lastIndex`, matches `text` up to `end` exactly. */
function reachesEnd(pattern: RegExp, text: string, end: number): boolean {
  return pattern.test(text) && pattern.lastIndex === end;
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

/** `new Date(ms).toISOString()` has four-digit years from 1970 up to here (exclusive). */
const YEAR_10000_MS = 253_402_300_800_000;
let isoSecond = Number.NaN;
let isoSecondPrefix = '';

/**
 * `new Date(ms).toISOString()` for a whole number of milliseconds, all but the milliseconds
 * computed once per second (a log's instants come in order, many to a second).
 */
function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return new Date(ms).toISOString();
  const milliseconds = ms % 1000;
  const second = ms - milliseconds;
  if (second !== isoSecond) {
    const iso = new Date(second).toISOString();
    isoSecondPrefix = iso.slice(0, iso.length - 'mmmZ'.length);
    isoSecond = second;
  }
  return `${isoSecondPrefix}${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`;
}
