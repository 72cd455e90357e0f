import type { RecordedEvent } from '@maillage/event-store';

/** An event as the history endpoint shows it: what, who, when, and its place in the chain. */
export function toEventView(event: RecordedEvent): Record<string, unknown> {
  return {
    eventId: event.eventId,
    type: event.type,
    revision: event.revision,
    position: event.position,
    data: event.data,
    personal: event.personal,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
