import type { RecordedEvent } from '@maillage/event-store';

import { InvalidCloudEventError } from '../errors/invalid-cloud-event.error';
import type { OutgoingMessage } from '../message';
import {
  CLOUD_EVENT_CONTENT_TYPE,
  CLOUD_EVENT_HEADERS as H,
  CLOUD_EVENTS_SPEC_VERSION,
} from './cloud-event-headers';
import type { CloudEventPayload } from './cloud-event-payload';
import { cloudEventTypeOf } from './cloud-event-type';
import { requestIdOfStream } from './request-stream';

/**
 * What a correlation or causation id must look like to be copied into a header. The hub makes
 * them (UUIDs), but a tool may pass its own correlation id: anything that is not a plain token
 * (an e-mail address, free text) stays in the value only.
 */
const HEADER_SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A URI-reference without spaces or control characters (RFC 3986, loosely). */
const SOURCE = /^[^\s\p{Cc}]+$/u;

/**
 * Writes a recorded request event as a CloudEvents 1.0 Kafka message in binary content mode:
 * attributes in `ce_*` headers, key = request id (so a request's events share a partition and
 * keep their order), value = {@link CloudEventPayload} as JSON.
 *
 * `ce_time` is the event's `recordedAt`, the hub time of the append — the one the integrity hash
 * covers (the application's `metadata.recordedAt` is taken a moment earlier and stays in the
 * metadata). Headers hold ids, type, time and position only: never personal data.
 *
 * @param source `ce_source`, a URI-reference naming the hub instance, e.g. `urn:maillage:hub`.
 * @throws InvalidCloudEventError when the event cannot be named (stream id not `request-<id>`,
 *   type not PascalCase, missing or invalid `metadata.schemaVersion`, blank source).
 */
export function toCloudEventMessage(event: RecordedEvent, source: string): OutgoingMessage {
  if (!SOURCE.test(source)) {
    throw new InvalidCloudEventError(
      'ce_source',
      'must be a non-empty URI-reference without spaces',
    );
  }
  if (event.eventId.length === 0) {
    throw new InvalidCloudEventError('eventId', 'must not be empty');
  }
  const requestId = requestIdOfStream(event.streamId);
  if (requestId === null) {
    throw new InvalidCloudEventError('streamId', 'must be request-<request id>');
  }
  const dataRequestId = event.data['requestId'];
  if (dataRequestId !== undefined && dataRequestId !== requestId) {
    throw new InvalidCloudEventError('data.requestId', 'differs from the request id of the stream');
  }
  const schemaVersion = event.metadata['schemaVersion'];
  const ceType =
    typeof schemaVersion === 'number' ? cloudEventTypeOf(event.type, schemaVersion) : null;
  if (ceType === null) {
    throw new InvalidCloudEventError(
      'type',
      'needs a PascalCase event type and a positive integer metadata.schemaVersion',
    );
  }

  const headers: Record<string, string> = {
    [H.specversion]: CLOUD_EVENTS_SPEC_VERSION,
    [H.id]: event.eventId,
    [H.source]: source,
    [H.type]: ceType,
    [H.time]: event.recordedAt,
    [H.subject]: requestId,
    [H.contentType]: CLOUD_EVENT_CONTENT_TYPE,
    [H.position]: String(event.position),
  };
  const correlationId = event.metadata['correlationId'];
  if (typeof correlationId === 'string' && HEADER_SAFE_ID.test(correlationId)) {
    headers[H.correlationId] = correlationId;
  }
  const causationId = event.metadata['causationId'];
  if (typeof causationId === 'string' && HEADER_SAFE_ID.test(causationId)) {
    headers[H.causationId] = causationId;
  }

  const payload: CloudEventPayload = {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    data: event.data,
    personal: event.personal,
    metadata: event.metadata,
    hash: event.hash,
    previousHash: event.previousHash,
  };
  return { key: requestId, headers, value: Buffer.from(JSON.stringify(payload), 'utf8') };
}
