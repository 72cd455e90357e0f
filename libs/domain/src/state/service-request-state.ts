import type { AuthorityId } from '../authority/authority-id';
import type { RequestSource } from '../request/request-source';
import type { CanonicalStatus } from '../status/canonical-status';

/** No event yet: the request does not exist. */
export interface EmptyRequestState {
  readonly status: 'empty';
}

/**
 * What the decider needs to know about a filed request, and no more (descriptions, locations
 * and the citizen live in the events and the read models, not here).
 */
export interface FiledRequestState {
  readonly status: CanonicalStatus;
  /** Kept apart from `status`: an open request may already be `resolved` (not yet closed). */
  readonly lifecycle: 'open' | 'closed';
  readonly requestId: string;
  /** The authority where the request was filed (`source.authority`); always involved. */
  readonly origin: AuthorityId;
  readonly source: RequestSource;
  readonly category: string;
  /** The authorities the request is currently routed to; never empty once routed. */
  readonly targets: readonly AuthorityId[];
  /** External reference given by each current target that acknowledged. */
  readonly acknowledgements: Readonly<Record<AuthorityId, string>>;
  /**
   * Citizens (pseudonymous subject ids) whose data in this request was erased
   * (`PersonalDataErased`); absent until the first erasure.
   */
  readonly erasedSubjects?: readonly string[];
}

/** A request as folded from its events. `state.status === 'empty'` tells a request never filed. */
export type ServiceRequestState = EmptyRequestState | FiledRequestState;
