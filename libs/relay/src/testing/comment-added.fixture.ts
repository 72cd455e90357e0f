import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@maillage/event-store';

/** A canonical CommentAdded event on a request, as the hub would record it (tests only). */
export function commentAdded(requestId: string, n: number): EventToAppend {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'CommentAdded',
    data: {
      requestId,
      commentId: randomUUID(),
      authority: 'commune:45155',
      text: `c${n}`,
      visibility: 'public',
    },
    personal: null,
    metadata: {
      eventId,
      correlationId: requestId,
      causationId: null,
      actor: { authority: 'commune:45155', connector: null },
      occurredAt: '2026-11-29T09:00:00.000Z',
      recordedAt: '2026-11-29T09:00:00.000Z',
      schemaVersion: 1,
    },
  };
}
