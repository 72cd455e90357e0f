/**
 * Names the routing rule (and the version of the rule set) behind a routing or transfer decision,
 * so that an auditor can find the exact rule that sent a request somewhere.
 */
export interface RuleReference {
  readonly id: string;
  readonly version: string;
}
