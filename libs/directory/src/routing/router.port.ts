import type { RoutingDecision } from './routing-decision';
import type { RoutingInput } from './routing-input';

/** Picks the competent authorities of a request. Pure and deterministic: its choice is an event. */
export interface Router {
  route(input: RoutingInput): RoutingDecision;
}
