import type { JsonObject, RecordedEvent } from '@maillage/event-store';

/** One line of `events.ndjson`: the event exactly as stored, every field the hash covers. */
export function bundleLine(event: RecordedEvent): string {
  const line: RecordedEvent = {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    personal: event.personal,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash,
  };
  return `${JSON.stringify(line)}\n`;
}

/** Parses one line of `events.ndjson`; throws a TypeError naming the line and the field. */
export function parseBundleLine(text: string, lineNumber: number): RecordedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError(`events.ndjson line ${lineNumber}: not JSON`);
  }
  const event = value as Record<string, unknown>;
  const fail = (field: string): never => {
    throw new TypeError(`events.ndjson line ${lineNumber}: ${field} is missing or malformed`);
  };
  const isObject = (v: unknown): v is JsonObject =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!Number.isSafeInteger(event['position'])) fail('position');
  if (!Number.isSafeInteger(event['revision'])) fail('revision');
  for (const field of ['streamId', 'eventId', 'type', 'recordedAt', 'hash']) {
    if (typeof event[field] !== 'string') fail(field);
  }
  if (!isObject(event['data'])) fail('data');
  if (!isObject(event['metadata'])) fail('metadata');
  if (event['personal'] !== null && !isObject(event['personal'])) fail('personal');
  if (event['previousHash'] !== null && typeof event['previousHash'] !== 'string') {
    fail('previousHash');
  }
  return event as unknown as RecordedEvent;
}
