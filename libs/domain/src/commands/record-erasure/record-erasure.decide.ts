import { ERASURE_LEGAL_BASES } from '../../erasure/erasure-legal-basis';
import type { PersonalDataErased } from '../../events/personal-data-erased.event';
import type { ServiceRequestState } from '../../state/service-request-state';
import {
  requireActor,
  requireNonBlank,
  requireOneOf,
  requireUuid,
} from '../../validation/input-invariants';
import { requireFiled } from '../request-preconditions';
import type { RecordErasure } from './record-erasure.command';

/**
 * Records the erasure of a citizen's data on a request, whatever its lifecycle (a closed request
 * keeps its history, and its citizen has the same rights). Idempotent: a subject already erased
 * on this request records nothing, so erasing twice — or retrying an erasure cut short — tells
 * downstream tools once.
 */
export function decideRecordErasure(
  command: RecordErasure,
  state: ServiceRequestState,
): PersonalDataErased[] {
  requireFiled(state);
  requireNonBlank(command.subjectId, 'subjectId');
  requireUuid(command.erasureId, 'erasureId');
  requireOneOf(command.legalBasis, ERASURE_LEGAL_BASES, 'legalBasis');
  requireNonBlank(command.requester, 'requester');
  requireActor(command.actor);
  if (state.erasedSubjects?.includes(command.subjectId)) return [];
  return [
    {
      type: 'PersonalDataErased',
      data: {
        requestId: state.requestId,
        subjectId: command.subjectId,
        erasureId: command.erasureId,
        legalBasis: command.legalBasis,
        requester: command.requester,
      },
      personal: null,
    },
  ];
}
