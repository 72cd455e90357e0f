import competenceRulesSchema from '../../../../schemas/routing/competence-rules.schema.json';
import { DirectoryError } from '../errors/directory-error';
import { compileJsonSchema, type DocumentCheck } from '../json-schema/compile-json-schema';
import type { TerritorialLevel } from '../territory/territorial-level';
import type {
  CompetenceOverride,
  CompetenceRule,
  CompetenceRules,
  RuleScope,
} from './competence-rules';
import { ruleScopeKey } from './rule-scope-key';

interface RuleEntry {
  readonly id: string;
  readonly category: string;
  readonly level: TerritorialLevel;
  readonly note?: string;
}
interface OverrideEntry extends RuleEntry {
  readonly scope: { readonly epci?: string; readonly departement?: string; readonly name?: string };
}
interface RulesDocument {
  readonly version: string;
  readonly categoriesVersion: string;
  readonly defaults: readonly RuleEntry[];
  readonly overrides: readonly OverrideEntry[];
}

let check: DocumentCheck | null = null;

/**
 * Validates a rules document against `schemas/routing/competence-rules.schema.json`, then what a
 * schema cannot say: ids are unique, and no scope has two rules for the same prefix (which would
 * make the choice depend on file order). Throws `DIRECTORY.INVALID_RULES` listing every problem.
 * Cross-checks against the taxonomy and the territory are `findRuleProblems`.
 */
export function parseCompetenceRules(document: unknown): CompetenceRules {
  check ??= compileJsonSchema(competenceRulesSchema);
  const problems = check(document);
  if (problems.length === 0) {
    const parsed = toRules(document as RulesDocument);
    problems.push(...duplicates(parsed));
    if (problems.length === 0) return parsed;
  }
  throw new DirectoryError(
    'DIRECTORY.INVALID_RULES',
    `invalid competence rules:\n  - ${problems.join('\n  - ')}`,
  );
}

function toRules(document: RulesDocument): CompetenceRules {
  const rule = (entry: RuleEntry): CompetenceRule => ({
    id: entry.id,
    category: entry.category,
    level: entry.level,
    note: entry.note ?? null,
  });
  const scope = ({ epci, departement, name }: OverrideEntry['scope']): RuleScope =>
    epci !== undefined
      ? { kind: 'epci', siren: epci, name: name ?? null }
      : { kind: 'departement', code: departement as string, name: name ?? null };
  return {
    version: document.version,
    categoriesVersion: document.categoriesVersion,
    defaults: document.defaults.map(rule),
    overrides: document.overrides.map((entry): CompetenceOverride => ({
      ...rule(entry),
      scope: scope(entry.scope),
    })),
  };
}

function duplicates(rules: CompetenceRules): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const slots = new Set<string>();
  const entries: { rule: CompetenceRule; scope: string }[] = [
    ...rules.defaults.map((rule) => ({ rule, scope: 'defaults' })),
    ...rules.overrides.map((rule) => ({ rule, scope: ruleScopeKey(rule.scope) })),
  ];
  for (const { rule, scope } of entries) {
    if (ids.has(rule.id)) problems.push(`rule id ${rule.id} is used twice`);
    ids.add(rule.id);
    const slot = `${scope} ${rule.category}`;
    if (slots.has(slot))
      problems.push(`${scope} has two rules for ${rule.category} (second: ${rule.id})`);
    slots.add(slot);
  }
  return problems;
}
