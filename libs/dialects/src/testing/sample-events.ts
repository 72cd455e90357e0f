import type { CanonicalEventView } from '../dialect';
import { HUB_ID } from './sample-contexts';

/*
 * The sample request's history as encoders see it: Gien files a pothole on the RD 940, routing
 * sends it to the Loiret, which acknowledges, works on it, comments, closes and reopens it.
 */

let position = 0;

function recorded(
  type: string,
  data: Record<string, unknown>,
  occurredAt: string,
  authority: string,
  personal: Record<string, unknown> | null = null,
): CanonicalEventView {
  position += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    data: { requestId: HUB_ID, ...data },
    personal,
    metadata: {
      occurredAt,
      recordedAt: occurredAt,
      actor: { authority, connector: null },
      schemaVersion: 1,
    },
    position,
    recordedAt: occurredAt,
  };
}

export const REQUEST_FILED = recorded(
  'RequestFiled',
  {
    source: { authority: 'commune:45155', connector: 'gien-grc', externalId: 'GIEN-2026-000123' },
    channel: 'counter',
    category: 'roads.departmental',
    description: 'Nid-de-poule dangereux sur la RD 940, à la sortie de Gien vers Briare.',
    location: {
      inseeCode: '45155',
      address: 'RD 940, 45500 Gien',
      coordinates: { lat: 47.6877, lon: 2.6309 },
    },
    attachments: [
      {
        url: 'https://grc.gien.fr/pieces/123/photo.jpg',
        mediaType: 'image/jpeg',
        name: 'photo.jpg',
      },
    ],
    filedAt: '2026-11-29T08:15:00Z',
  },
  '2026-11-29T08:15:00Z',
  'commune:45155',
  {
    subjectId: 'b7e0f7a4-3c1d-4e2f-9a0b-1c2d3e4f5a6b',
    name: 'Camille Martin',
    email: 'camille.martin@example.org',
    phone: '06 12 34 56 78',
  },
);

export const REQUEST_ROUTED = recorded(
  'RequestRouted',
  {
    targets: ['departement:45'],
    rule: { id: 'roads.departmental', version: '2026-01-01.1' },
    reason: 'roads.departmental is a departmental competence; commune 45155 is in département 45',
  },
  '2026-11-29T08:15:00Z',
  'commune:45155',
);

export const REQUEST_ACKNOWLEDGED = recorded(
  'RequestAcknowledged',
  { authority: 'departement:45', externalReference: 'D45-2026-0000456' },
  '2026-11-30T07:05:00Z',
  'departement:45',
);

export const STATUS_CHANGED = recorded(
  'StatusChanged',
  {
    from: 'acknowledged',
    to: 'waiting_for_citizen',
    authority: 'departement:45',
    raw: { code: 'ATT_USAGER', label: "En attente de photos de l'usager" },
    note: 'Merci de nous envoyer une photo du lieu.',
  },
  '2026-11-30T08:00:00Z',
  'departement:45',
);

export const PUBLIC_COMMENT = recorded(
  'CommentAdded',
  {
    commentId: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
    authority: 'departement:45',
    text: 'Intervention programmée semaine 49.',
    visibility: 'public',
  },
  '2026-12-01T09:00:00Z',
  'departement:45',
);

export const INTERNAL_COMMENT = recorded(
  'CommentAdded',
  {
    commentId: '6a2e3d4c-5b6a-4f70-9b8c-0d1e2f3a4b5c',
    authority: 'departement:45',
    text: 'Agent de secteur : voir avec le centre routier de Gien.',
    visibility: 'internal',
  },
  '2026-12-01T09:05:00Z',
  'departement:45',
);

export const REQUEST_TRANSFERRED = recorded(
  'RequestTransferred',
  {
    from: 'departement:45',
    to: ['epci:244500211'],
    reason: "Le tronçon a été déclassé dans la voirie d'intérêt communautaire",
    rule: { id: 'transfer.declared', version: '1' },
  },
  '2026-12-02T10:00:00Z',
  'departement:45',
);

export const REQUEST_CLOSED = recorded(
  'RequestClosed',
  {
    authority: 'departement:45',
    outcome: 'resolved',
    raw: { code: 'CLOTUREE', label: 'Clôturée' },
    note: 'Chaussée reprise le 4 décembre.',
  },
  '2026-12-04T15:00:00Z',
  'departement:45',
);

export const REQUEST_REOPENED = recorded(
  'RequestReopened',
  { authority: 'commune:45155', reason: "L'affaissement a repris." },
  '2027-01-20T08:00:00Z',
  'commune:45155',
);

export const PERSONAL_DATA_ERASED = recorded(
  'PersonalDataErased',
  {
    subjectId: 'b7e0f7a4-3c1d-4e2f-9a0b-1c2d3e4f5a6b',
    erasureId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    legalBasis: 'rgpd_art17_1b',
    requester: 'DPO commune:45155, demande RGPD-2027-014',
  },
  '2027-03-01T09:00:00Z',
  'commune:45155',
);

/** Every sample event, in the order of the request's history. */
export const SAMPLE_HISTORY: readonly CanonicalEventView[] = [
  REQUEST_FILED,
  REQUEST_ROUTED,
  REQUEST_ACKNOWLEDGED,
  STATUS_CHANGED,
  PUBLIC_COMMENT,
  INTERNAL_COMMENT,
  REQUEST_TRANSFERRED,
  REQUEST_CLOSED,
  REQUEST_REOPENED,
  PERSONAL_DATA_ERASED,
];
