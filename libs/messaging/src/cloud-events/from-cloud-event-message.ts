import type { Json, JsonObject, RecordedEvent } from '@maillage/event-store';

import { InvalidCloudEventError } from '../errors/invalid-cloud-event.error';
import type { Message } from '../message';
import {
  CLOUD_EVENT_CONTENT_TYPE,
  CLOUD_EVENT_HEADERS as H,
  CLOUD_EVENTS_SPEC_VERSION,
} from './cloud-event-headers';
import { parseCloudEventType } from './cloud-event-type';
import { requestIdOfStream } from './request-stream';

/** RFC 3339 date-time, as CloudEvents requires for `time`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads back the recorded event that {@link toCloudEventMessage} wrote: the exact same
 * `RecordedEvent`, checked for consistency (key, `ce_subject` and stream id name the same
 * request; `ce_type` version and `metadata.schemaVersion` agree; `ce_maillageposition` and the
 * payload's position agree).
 *
 * @throws InvalidCloudEventError naming the first header or payload field that is wrong. The error
 *   never quotes the value, which may hold personal data.
 */
export function fromCloudEventMessage(message: Message): RecordedEvent {
  const headers = message.headers;
  const header = (name: string): string => {
    const value = headers[name];
    if (value === undefined || value.length === 0)
      throw new InvalidCloudEventError(name, 'missing');
    return value;
  };

  const specversion = header(H.specversion);
  if (specversion !== CLOUD_EVENTS_SPEC_VERSION) {
    throw new InvalidCloudEventError(
      H.specversion,
      `must be ${CLOUD_EVENTS_SPEC_VERSION}, got ${JSON.stringify(specversion)}`,
    );
  }
  const eventId = header(H.id);
  header(H.source);
  const ceType = header(H.type);
  const canonical = parseCloudEventType(ceType);
  if (canonical === null) {
    throw new InvalidCloudEventError(H.type, 'must be fr.maillage.request.<kebab-case type>.v<n>');
  }
  const time = header(H.time);
  if (!RFC3339.test(time) || Number.isNaN(Date.parse(time))) {
    throw new InvalidCloudEventError(H.time, 'must be an RFC 3339 date-time');
  }
  const subject = header(H.subject);
  const contentType = header(H.contentType);
  if (contentType.split(';')[0]?.trim().toLowerCase() !== CLOUD_EVENT_CONTENT_TYPE) {
    throw new InvalidCloudEventError(H.contentType, `must be ${CLOUD_EVENT_CONTENT_TYPE}`);
  }
  if (message.key !== subject) {
    throw new InvalidCloudEventError('key', `must be the request id (${H.subject})`);
  }

  const payload = parsePayload(message.value);
  const streamId = field(payload, 'streamId', isString, 'a string');
  if (requestIdOfStream(streamId) !== subject) {
    throw new InvalidCloudEventError('value.streamId', `must be request-<${H.subject}>`);
  }
  const revision = field(payload, 'revision', isNonNegativeInteger, 'an integer >= 0');
  const position = field(payload, 'position', isPositiveInteger, 'an integer >= 1');
  const positionHeader = headers[H.position];
  if (positionHeader !== undefined && positionHeader !== String(position)) {
    throw new InvalidCloudEventError(H.position, 'differs from value.position');
  }
  const data = field(payload, 'data', isObject, 'an object');
  const personal = field(payload, 'personal', isObjectOrNull, 'an object or null');
  const metadata = field(payload, 'metadata', isObject, 'an object');
  if (metadata['schemaVersion'] !== canonical.schemaVersion) {
    throw new InvalidCloudEventError(
      'value.metadata.schemaVersion',
      `differs from the version of ${H.type}`,
    );
  }
  if (metadata['eventId'] !== undefined && metadata['eventId'] !== eventId) {
    throw new InvalidCloudEventError('value.metadata.eventId', `differs from ${H.id}`);
  }
  const hash = field(payload, 'hash', isString, 'a string');
  const previousHash = field(payload, 'previousHash', isStringOrNull, 'a string or null');

  return {
    eventId,
    type: canonical.eventType,
    streamId,
    revision,
    position,
    recordedAt: time,
    data,
    personal,
    metadata,
    hash,
    previousHash,
  };
}

function parsePayload(value: Buffer | null): JsonObject {
  if (value === null || value.length === 0) throw new InvalidCloudEventError('value', 'missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    // The parser's own message quotes the text, which may be personal data: say no more.
    throw new InvalidCloudEventError('value', 'is not valid JSON');
  }
  if (!isObject(parsed)) throw new InvalidCloudEventError('value', 'must be a JSON object');
  return parsed;
}

function field<T extends Json>(
  payload: JsonObject,
  name: string,
  accept: (value: unknown) => value is T,
  expected: string,
): T {
  const value = payload[name];
  if (!accept(value)) {
    throw new InvalidCloudEventError(
      `value.${name}`,
      value === undefined ? 'missing' : `must be ${expected}`,
    );
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringOrNull = (v: unknown): v is string | null => v === null || isString(v);
const isNonNegativeInteger = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0;
const isPositiveInteger = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 1;
const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isObjectOrNull = (v: unknown): v is JsonObject | null => v === null || isObject(v);
