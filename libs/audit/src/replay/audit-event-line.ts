import { requestIdFromStreamId } from '@maillage/domain';
import type { JsonObject, RecordedEvent } from '@maillage/event-store';

/**
 * One event as an auditor reads it: who (authority, connector), when (source time and hub
 * time), why (correlation and causation ids), where (stream, revision, position) and the hash
 * chain. Personal data is not shown: only whether the event carries some (`hasPersonalData`);
 * the export bundle holds it as stored.
 */
export interface AuditEventLine {
  readonly position: number;
  readonly streamId: string;
  readonly requestId: string | null;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly authority: string | null;
  readonly connector: string | null;
  readonly occurredAt: string | null;
  readonly recordedAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly hasPersonalData: boolean;
  readonly data: JsonObject;
}

export function toAuditEventLine(event: RecordedEvent): AuditEventLine {
  const metadata = event.metadata;
  const actor = metadata['actor'];
  const actorObject = actor && typeof actor === 'object' && !Array.isArray(actor) ? actor : {};
  return {
    position: event.position,
    streamId: event.streamId,
    requestId: requestIdFromStreamId(event.streamId),
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    authority: stringOrNull(actorObject['authority']),
    connector: stringOrNull(actorObject['connector']),
    occurredAt: stringOrNull(metadata['occurredAt']),
    recordedAt: event.recordedAt,
    correlationId: stringOrNull(metadata['correlationId']),
    causationId: stringOrNull(metadata['causationId']),
    hash: event.hash,
    previousHash: event.previousHash,
    hasPersonalData: event.personal !== null,
    data: event.data,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
