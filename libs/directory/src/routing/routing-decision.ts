/**
 * Who is competent and why. Structurally identical to the domain's `RoutingDecision`: it is
 * recorded as the `RequestRouted` event, so it must carry everything an auditor needs.
 */
export interface RoutingDecision {
  /** Authority ids; one today, never empty. */
  readonly targets: string[];
  /** The rule that decided, and the version of the rules file it came from. */
  readonly rule: { readonly id: string; readonly version: string };
  /** One readable sentence naming the category, the level, the authority and the rule. */
  readonly reason: string;
}
