import { randomUUID } from 'node:crypto';

import type { RecordedEvent } from '@maillage/event-store';

/** The citizen of the fixtures: every value must stay out of headers and logs. */
export const CITIZEN = {
  subjectId: 'subject-7f3a',
  name: 'Jeanne Lefèvre-Dupont',
  email: 'jeanne.lefevre@example.fr',
  phone: '+33 6 12 34 56 78',
  address: '12 rue de la Bûcherie, 45500 Gien',
} as const;

/** A `RequestFiled` of Gien as the store records it, personal data included. */
export function requestFiledEvent(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  const requestId = randomUUID();
  const eventId = randomUUID();
  return {
    eventId,
    type: 'RequestFiled',
    streamId: `request-${requestId}`,
    revision: 0,
    position: 41,
    recordedAt: '2026-11-29T08:15:00.123Z',
    data: {
      requestId,
      source: { authority: 'commune:45155', connector: 'gien-grc', externalId: 'GIEN-2026-0042' },
      channel: 'web',
      category: 'voirie.nid-de-poule',
      description: 'Nid de poule devant le n° 12, près de l’église',
      location: { inseeCode: '45155', address: 'Quai Lenoir, Gien' },
      attachments: [],
      filedAt: '2026-11-29T09:14:58+01:00',
    },
    personal: { ...CITIZEN },
    metadata: {
      eventId,
      correlationId: randomUUID(),
      causationId: null,
      actor: { authority: 'commune:45155', connector: 'gien-grc' },
      occurredAt: '2026-11-29T08:14:58.000Z',
      recordedAt: '2026-11-29T08:15:00.120Z',
      schemaVersion: 1,
    },
    hash: 'a'.repeat(64),
    previousHash: null,
    ...overrides,
  };
}
