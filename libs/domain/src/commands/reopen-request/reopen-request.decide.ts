import { DomainError } from '../../errors/domain-error';
import type { RequestReopened } from '../../events/request-reopened.event';
import type { ServiceRequestState } from '../../state/service-request-state';
import { requireActor, requireNonBlank } from '../../validation/input-invariants';
import { requireFiled, requireInvolved } from '../request-preconditions';
import type { ReopenRequest } from './reopen-request.command';

/** Reopens a closed request; it goes back to `in_progress` with the same targets. */
export function decideReopenRequest(
  command: ReopenRequest,
  state: ServiceRequestState,
): RequestReopened[] {
  requireFiled(state);
  requireActor(command.actor);
  requireNonBlank(command.reason, 'reason');
  requireInvolved(state, command.actor);
  if (state.lifecycle !== 'closed') {
    throw new DomainError(
      'REQUEST.NOT_CLOSED',
      `Request ${state.requestId} is not closed (${state.status})`,
    );
  }
  return [
    {
      type: 'RequestReopened',
      data: {
        requestId: state.requestId,
        authority: command.actor.authority,
        reason: command.reason,
      },
      personal: null,
    },
  ];
}
