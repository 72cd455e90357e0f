import type { AcknowledgeRequest } from '../commands/acknowledge-request/acknowledge-request.command';
import type { AddComment } from '../commands/add-comment/add-comment.command';
import type { ChangeStatus } from '../commands/change-status/change-status.command';
import type { CloseRequest } from '../commands/close-request/close-request.command';
import type { FileRequest } from '../commands/file-request/file-request.command';
import type { RecordErasure } from '../commands/record-erasure/record-erasure.command';
import type { ReopenRequest } from '../commands/reopen-request/reopen-request.command';
import type { TransferRequest } from '../commands/transfer-request/transfer-request.command';
import type { AuthorityId } from '../authority/authority-id';
import type { Actor } from '../events/event-metadata';
import type { CanonicalStatus } from '../status/canonical-status';
import type { CloseOutcome } from '../status/close-outcome';

/*
 * A pothole on the RD 940 reported at Gien's town hall: Gien files it, routing sends it to the
 * Loiret département (roads), the CC Giennoises or Orléans sometimes get involved.
 */

export const GIEN = 'commune:45155';
export const LOIRET = 'departement:45';
export const GIENNOISES = 'epci:244500211';
/** Never involved in the sample request. */
export const ORLEANS = 'commune:45234';

export const REQUEST_ID = '0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70';
/** The pseudonymous subject id of the sample request's citizen. */
export const SUBJECT_ID = 'b7e0f7a4-3c1d-8e2f-9a0b-1c2d3e4f5a6b';

const CONNECTORS: Record<AuthorityId, string> = {
  [GIEN]: 'gien-grc',
  [LOIRET]: 'loiret-relation-usagers',
  [GIENNOISES]: 'cc-giennoises-grc',
};

export function actor(authority: AuthorityId): Actor {
  return { authority, connector: CONNECTORS[authority] ?? null };
}

export function fileRequest(overrides: Partial<FileRequest> = {}): FileRequest {
  return {
    type: 'FileRequest',
    requestId: REQUEST_ID,
    actor: actor(GIEN),
    source: { authority: GIEN, connector: 'gien-grc', externalId: 'GIEN-2026-0042' },
    channel: 'counter',
    category: 'roads.departmental',
    description: 'Nid-de-poule dangereux sur la RD 940',
    location: {
      inseeCode: '45155',
      address: 'RD 940, 45500 Gien',
      coordinates: { lat: 47.69, lon: 2.63 },
    },
    attachments: [
      { url: 'https://grc.gien.fr/pieces/1.jpg', mediaType: 'image/jpeg', name: 'trou.jpg' },
    ],
    citizen: {
      subjectId: SUBJECT_ID,
      name: 'Camille Martin',
      email: 'camille.martin@example.org',
    },
    filedAt: '2026-11-29T09:15:00+01:00',
    routing: {
      targets: [LOIRET],
      rule: { id: 'roads.departmental', version: 'builtin-1' },
      reason: 'roads.departmental is a departmental competence; commune 45155 is in département 45',
    },
    ...overrides,
  };
}

export function acknowledge(authority: AuthorityId, externalReference: string): AcknowledgeRequest {
  return { type: 'AcknowledgeRequest', actor: actor(authority), externalReference };
}

export function changeStatus(
  authority: AuthorityId,
  to: CanonicalStatus,
  overrides: Partial<ChangeStatus> = {},
): ChangeStatus {
  return {
    type: 'ChangeStatus',
    actor: actor(authority),
    to,
    raw: { code: `RAW_${to.toUpperCase()}`, label: `Statut ${to}` },
    note: null,
    ...overrides,
  };
}

export function addComment(
  authority: AuthorityId,
  overrides: Partial<AddComment> = {},
): AddComment {
  return {
    type: 'AddComment',
    actor: actor(authority),
    commentId: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
    text: 'Merci pour le signalement',
    visibility: 'public',
    ...overrides,
  };
}

export function transfer(
  authority: AuthorityId,
  to: AuthorityId[],
  overrides: Partial<TransferRequest> = {},
): TransferRequest {
  return {
    type: 'TransferRequest',
    actor: actor(authority),
    to,
    reason: "La voirie relève de l'intercommunalité",
    rule: { id: 'transfer.declared', version: '1' },
    ...overrides,
  };
}

export function close(
  authority: AuthorityId,
  outcome: CloseOutcome,
  overrides: Partial<CloseRequest> = {},
): CloseRequest {
  return {
    type: 'CloseRequest',
    actor: actor(authority),
    outcome,
    raw: { code: 'CLOS', label: 'Clôturé' },
    note: null,
    ...overrides,
  };
}

export function reopen(authority: AuthorityId, reason = 'Le trou est revenu'): ReopenRequest {
  return { type: 'ReopenRequest', actor: actor(authority), reason };
}

/** The hub records, for Gien (where the data was collected), that the citizen's data was erased. */
export function recordErasure(overrides: Partial<RecordErasure> = {}): RecordErasure {
  return {
    type: 'RecordErasure',
    actor: { authority: GIEN, connector: null },
    subjectId: SUBJECT_ID,
    erasureId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    legalBasis: 'rgpd_art17_1b',
    requester: 'DPO commune:45155, demande RGPD-2026-014',
    ...overrides,
  };
}
