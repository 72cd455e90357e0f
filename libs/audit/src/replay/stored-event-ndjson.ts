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
/** What `JSON.stringify` would escape in a string (UTF-8 holds no lone surrogate). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
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
  if (
    NEEDS_ESCAPE.test(streamId) ||
    NEEDS_ESCAPE.test(eventId) ||
    NEEDS_ESCAPE.test(type) ||
    NEEDS_ESCAPE.test(hash) ||
    (previousHash !== null && NEEDS_ESCAPE.test(previousHash)) ||
    DIGIT_KEY.test(field(StoredField.data))
  ) {
    return null;
  }
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

let isoDay = Number.NaN;
let isoDayPrefix = '';

/** `new Date(ms).toISOString()`, the date part computed once per day. */
function isoInstant(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay) {
    const iso = new Date(day * 86_400_000).toISOString();
    isoDayPrefix = iso.slice(0, iso.length - 'HH:MM:SS.mmmZ'.length);
    isoDay = day;
  }
  const inDay = ms - day * 86_400_000;
  const milliseconds = inDay % 1000;
  const seconds = Math.floor(inDay / 1000) % 60;
  const minutes = Math.floor(inDay / 60_000) % 60;
  const hours = Math.floor(inDay / 3_600_000);
  return `${isoDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
