import type { RuleScope } from './competence-rules';

/** The authority id of the territory an override covers (`epci:<SIREN>`, `departement:<code>`). */
export function ruleScopeKey(scope: RuleScope): string {
  return scope.kind === 'epci' ? `epci:${scope.siren}` : `departement:${scope.code}`;
}
