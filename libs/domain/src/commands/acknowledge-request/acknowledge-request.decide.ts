import { DomainError } from '../../errors/domain-error';
import type { RequestAcknowledged } from '../../events/request-acknowledged.event';
import type { ServiceRequestState } from '../../state/service-request-state';
import { requireActor, requireNonBlank } from '../../validation/input-invariants';
import { requireFiled, requireOpen, requireTarget } from '../request-preconditions';
import type { AcknowledgeRequest } from './acknowledge-request.command';

/**
 * Records a target's own reference for the request. Tools retry: the same reference again is a
 * no-op (no event), a different one is refused, because the reference is what the tool will be
 * looked up by and must not silently change.
 *
 * Allowed in any open status, not only `routed`: with several targets, or a tool that reports
 * progress before its acknowledgement arrives, a late reference must still be recordable, or the
 * request could never be found from that tool's side. Only `routed` moves to `acknowledged`.
 */
export function decideAcknowledgeRequest(
  command: AcknowledgeRequest,
  state: ServiceRequestState,
): RequestAcknowledged[] {
  requireFiled(state);
  requireActor(command.actor);
  requireNonBlank(command.externalReference, 'externalReference');
  requireTarget(state, command.actor);
  const authority = command.actor.authority;
  const earlier = Object.hasOwn(state.acknowledgements, authority)
    ? state.acknowledgements[authority]
    : undefined;
  if (earlier === command.externalReference) return [];
  if (earlier !== undefined) {
    throw new DomainError(
      'REQUEST.ALREADY_ACKNOWLEDGED',
      `${authority} already acknowledged request ${state.requestId} as ${earlier}`,
      'externalReference',
    );
  }
  requireOpen(state);
  return [
    {
      type: 'RequestAcknowledged',
      data: { requestId: state.requestId, authority, externalReference: command.externalReference },
      personal: null,
    },
  ];
}
