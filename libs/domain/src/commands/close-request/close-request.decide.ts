import type { RequestClosed } from '../../events/request-closed.event';
import { CLOSE_OUTCOMES } from '../../status/close-outcome';
import type { ServiceRequestState } from '../../state/service-request-state';
import {
  requireActor,
  requireNullableString,
  requireOneOf,
  requireRawStatus,
} from '../../validation/input-invariants';
import { requireFiled, requireInvolved, requireOpen } from '../request-preconditions';
import type { CloseRequest } from './close-request.command';

/** Closes an open request, from any status: closing is how every path of a request ends. */
export function decideCloseRequest(
  command: CloseRequest,
  state: ServiceRequestState,
): RequestClosed[] {
  requireFiled(state);
  requireActor(command.actor);
  requireOneOf(command.outcome, CLOSE_OUTCOMES, 'outcome');
  const raw = command.raw ?? null;
  if (raw !== null) requireRawStatus(raw, 'raw');
  const note = command.note ?? null;
  requireNullableString(note, 'note');
  requireInvolved(state, command.actor);
  requireOpen(state);
  return [
    {
      type: 'RequestClosed',
      data: {
        requestId: state.requestId,
        authority: command.actor.authority,
        outcome: command.outcome,
        raw: raw === null ? null : { code: raw.code, label: raw.label },
        note,
      },
      personal: null,
    },
  ];
}
