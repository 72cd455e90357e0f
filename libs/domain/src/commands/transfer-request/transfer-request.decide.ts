import { DomainError } from '../../errors/domain-error';
import type { RequestRouted } from '../../events/request-routed.event';
import type { RequestTransferred } from '../../events/request-transferred.event';
import type { ServiceRequestState } from '../../state/service-request-state';
import {
  requireActor,
  requireAuthorityIds,
  requireNonBlank,
  requireRuleReference,
} from '../../validation/input-invariants';
import { requireFiled, requireOpen, requireTarget } from '../request-preconditions';
import type { TransferRequest } from './transfer-request.command';

/**
 * A target passes the request on. Only the acting target leaves: the other current targets keep
 * the request and their acknowledgements (a request routed to several authorities is not taken
 * from the others because one declines). The routing that follows lists the new complete set of
 * targets, and puts the request back to `routed` so that the newcomers acknowledge it.
 */
export function decideTransferRequest(
  command: TransferRequest,
  state: ServiceRequestState,
): [RequestTransferred, RequestRouted] {
  requireFiled(state);
  requireActor(command.actor);
  requireAuthorityIds(command.to, 'to');
  if (command.to.includes(command.actor.authority)) {
    throw new DomainError(
      'REQUEST.INVALID',
      `${command.actor.authority} cannot transfer a request to itself`,
      'to',
    );
  }
  requireNonBlank(command.reason, 'reason');
  requireRuleReference(command.rule, 'rule');
  requireTarget(state, command.actor);
  requireOpen(state);
  const from = command.actor.authority;
  const remaining = state.targets.filter((target) => target !== from);
  const targets = [...remaining, ...command.to.filter((target) => !remaining.includes(target))];
  const rule = { id: command.rule.id, version: command.rule.version };
  return [
    {
      type: 'RequestTransferred',
      data: { requestId: state.requestId, from, to: [...command.to], reason: command.reason, rule },
      personal: null,
    },
    {
      type: 'RequestRouted',
      data: { requestId: state.requestId, targets, rule: { ...rule }, reason: command.reason },
      personal: null,
    },
  ];
}
