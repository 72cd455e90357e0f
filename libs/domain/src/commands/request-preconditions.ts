import type { AuthorityId } from '../authority/authority-id';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../events/event-metadata';
import type { FiledRequestState, ServiceRequestState } from '../state/service-request-state';

/*
 * What a command needs of the request it acts on. Every use case checks, in this order:
 * existence, its own input, who acts, lifecycle, then its own rule. So the same command on the
 * same history always fails with the same code, and an authority that is not involved learns
 * nothing about a request's lifecycle from the error it gets.
 */

export function requireFiled(state: ServiceRequestState): asserts state is FiledRequestState {
  if (state.status === 'empty') {
    throw new DomainError('REQUEST.NOT_FOUND', 'No request was filed under this id');
  }
}

/** Involved: the authority where the request was filed, or one it is currently routed to. */
export function isInvolved(state: FiledRequestState, authority: AuthorityId): boolean {
  return authority === state.origin || state.targets.includes(authority);
}

export function requireInvolved(state: FiledRequestState, actor: Actor): void {
  if (!isInvolved(state, actor.authority)) {
    throw new DomainError(
      'REQUEST.NOT_INVOLVED',
      `${actor.authority} is neither the origin nor a target of request ${state.requestId}`,
    );
  }
}

export function requireTarget(state: FiledRequestState, actor: Actor): void {
  if (!state.targets.includes(actor.authority)) {
    throw new DomainError(
      'REQUEST.NOT_A_TARGET',
      `${actor.authority} is not a current target of request ${state.requestId}`,
    );
  }
}

export function requireOpen(state: FiledRequestState): void {
  if (state.lifecycle === 'closed') {
    throw new DomainError(
      'REQUEST.CLOSED',
      `Request ${state.requestId} is closed (${state.status})`,
    );
  }
}
