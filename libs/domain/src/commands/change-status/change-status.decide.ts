import { DomainError } from '../../errors/domain-error';
import type { StatusChanged } from '../../events/status-changed.event';
import { CANONICAL_STATUSES } from '../../status/canonical-status';
import { isLegalTransition } from '../../status/legal-transitions';
import type { ServiceRequestState } from '../../state/service-request-state';
import {
  requireActor,
  requireNullableString,
  requireOneOf,
  requireRawStatus,
} from '../../validation/input-invariants';
import { requireFiled, requireInvolved, requireOpen } from '../request-preconditions';
import type { ChangeStatus } from './change-status.command';

/**
 * Moves an open request along `LEGAL_TRANSITIONS`. A status that is not canonical at all is bad
 * input (REQUEST.INVALID); a canonical status that cannot be reached from here is
 * REQUEST.ILLEGAL_TRANSITION.
 */
export function decideChangeStatus(
  command: ChangeStatus,
  state: ServiceRequestState,
): StatusChanged[] {
  requireFiled(state);
  requireActor(command.actor);
  requireOneOf(command.to, CANONICAL_STATUSES, 'to');
  requireRawStatus(command.raw, 'raw');
  const note = command.note ?? null;
  requireNullableString(note, 'note');
  requireInvolved(state, command.actor);
  requireOpen(state);
  if (!isLegalTransition(state.status, command.to)) {
    throw new DomainError(
      'REQUEST.ILLEGAL_TRANSITION',
      `Request ${state.requestId} cannot change status from ${state.status} to ${command.to}`,
      'to',
    );
  }
  return [
    {
      type: 'StatusChanged',
      data: {
        requestId: state.requestId,
        from: state.status,
        to: command.to,
        authority: command.actor.authority,
        raw: { code: command.raw.code, label: command.raw.label },
        note,
      },
      personal: null,
    },
  ];
}
