import type { AuthorityId, RoutingDecision } from '@maillage/domain';

/** What routing looks at: who filed, what it is about, and where. */
export interface RoutingInput {
  readonly origin: AuthorityId;
  readonly category: string;
  readonly inseeCode: string;
}

/** Picks the competent authorities of a request. Pure and deterministic: its choice is an event. */
export interface Router {
  route(input: RoutingInput): RoutingDecision;
}
