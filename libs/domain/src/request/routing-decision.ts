import type { AuthorityId } from '../authority/authority-id';
import type { RuleReference } from './rule-reference';

/**
 * Who is competent for a request and why. Computed outside the domain (routing reads territory
 * data) and handed to the decider inside the command, so that the decision is recorded as a fact
 * (`RequestRouted`) rather than recomputed, possibly differently, at replay.
 */
export interface RoutingDecision {
  /** Never empty; no duplicates. */
  readonly targets: AuthorityId[];
  readonly rule: RuleReference;
  /** Human-readable explanation for auditors. */
  readonly reason: string;
}
