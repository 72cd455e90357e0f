import type { TerritorialLevel } from '../territory/territorial-level';

/** Category prefix → competent level. Within one scope, the longest matching prefix wins. */
export interface CompetenceRule {
  /** Stable id, recorded in every routing decision it makes. */
  readonly id: string;
  /** A category code or a dotted prefix of codes (`waste` covers `waste.collection`). */
  readonly category: string;
  readonly level: TerritorialLevel;
  readonly note: string | null;
}

/** The territory an override applies to; `name` is for readers and checked in tests. */
export type RuleScope =
  | { readonly kind: 'epci'; readonly siren: string; readonly name: string | null }
  | { readonly kind: 'departement'; readonly code: string; readonly name: string | null };

/** A rule that applies only to the communes of one EPCI or one département. */
export interface CompetenceOverride extends CompetenceRule {
  readonly scope: RuleScope;
}

/**
 * One version of the competence rules (`schemas/routing/competence-rules.v1.json`). Scopes are tried
 * in order — the commune's EPCI, then its département, then the defaults — and the first scope
 * with a matching rule decides, even if a later scope has a more specific one. Overrides must
 * therefore name categories at least as precisely as the defaults they replace (checked by
 * `findRuleProblems`).
 */
export interface CompetenceRules {
  /** `YYYY-MM-DD.N`; recorded in every routing decision. */
  readonly version: string;
  /** Major version of the category taxonomy the rules refer to. */
  readonly categoriesVersion: string;
  readonly defaults: readonly CompetenceRule[];
  readonly overrides: readonly CompetenceOverride[];
}
