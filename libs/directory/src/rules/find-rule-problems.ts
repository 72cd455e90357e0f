import { coversCategory } from '../categories/category-prefix';
import type { CategoryTaxonomy } from '../categories/category-taxonomy';
import type { TerritoryDirectory } from '../territory/territory-directory';
import type { CompetenceOverride, CompetenceRules } from './competence-rules';
import { selectRule } from './select-rule';

/**
 * What is wrong between valid rules, their taxonomy and, when given, the territory. Empty when
 * consistent. Checked:
 * - the rules name the taxonomy version they were written for;
 * - every rule's prefix covers at least one category (a typo would otherwise match nothing);
 * - every category has a default rule, whose level is the category's `defaultLevel`;
 * - no override is broader than a more specific default it would shadow (an EPCI override on
 *   `social` would also capture `social.municipal_aid`), nor changes nothing;
 * - with a territory: each override's EPCI or département exists and its `name` matches.
 */
export function findRuleProblems(
  rules: CompetenceRules,
  taxonomy: CategoryTaxonomy,
  territory?: TerritoryDirectory,
): string[] {
  const problems: string[] = [];
  if (rules.categoriesVersion !== taxonomy.version) {
    problems.push(
      `rules ${rules.version} are for categories v${rules.categoriesVersion}, taxonomy is v${taxonomy.version}`,
    );
  }
  for (const rule of [...rules.defaults, ...rules.overrides]) {
    if (taxonomy.coveredBy(rule.category).length === 0) {
      problems.push(`rule ${rule.id}: ${rule.category} matches no category`);
    }
  }
  for (const category of taxonomy.categories) {
    const rule = selectRule(rules.defaults, category.code);
    if (rule === null) problems.push(`category ${category.code} has no default rule`);
    else if (rule.level !== category.defaultLevel) {
      problems.push(
        `category ${category.code}: default rule ${rule.id} says ${rule.level}, taxonomy says ${category.defaultLevel}`,
      );
    }
  }
  for (const override of rules.overrides)
    problems.push(...overrideProblems(override, rules, taxonomy));
  if (territory) {
    for (const override of rules.overrides) problems.push(...scopeProblems(override, territory));
  }
  return problems;
}

function overrideProblems(
  override: CompetenceOverride,
  rules: CompetenceRules,
  taxonomy: CategoryTaxonomy,
): string[] {
  const problems: string[] = [];
  for (const shadowed of rules.defaults) {
    const narrower =
      shadowed.category !== override.category &&
      coversCategory(override.category, shadowed.category);
    if (narrower) {
      problems.push(
        `override ${override.id} on ${override.category} also captures ${shadowed.category} (default ${shadowed.id}): name the categories it takes one by one`,
      );
    }
  }
  const changesSomething = taxonomy
    .coveredBy(override.category)
    .some((category) => selectRule(rules.defaults, category.code)?.level !== override.level);
  if (!changesSomething)
    problems.push(`override ${override.id} routes like the defaults: remove it`);
  return problems;
}

function scopeProblems(override: CompetenceOverride, territory: TerritoryDirectory): string[] {
  const { scope } = override;
  const found =
    scope.kind === 'epci' ? territory.epci(scope.siren) : territory.departement(scope.code);
  const code = scope.kind === 'epci' ? scope.siren : scope.code;
  if (found === null) return [`override ${override.id}: no ${scope.kind} ${code}`];
  if (scope.name !== null && scope.name !== found.name) {
    return [`override ${override.id}: ${scope.kind} ${code} is ${found.name}, not ${scope.name}`];
  }
  return [];
}
