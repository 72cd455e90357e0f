import type { CategoryTaxonomy } from '../categories/category-taxonomy';
import { DirectoryError } from '../errors/directory-error';
import type {
  CompetenceOverride,
  CompetenceRule,
  CompetenceRules,
} from '../rules/competence-rules';
import { findRuleProblems } from '../rules/find-rule-problems';
import { ruleScopeKey } from '../rules/rule-scope-key';
import { selectRule } from '../rules/select-rule';
import type { Commune } from '../territory/commune';
import type { CommuneResolution } from '../territory/commune-resolution';
import type { TerritoryDirectory } from '../territory/territory-directory';
import type { Router } from './router.port';
import type { RoutingDecision } from './routing-decision';
import type { RoutingInput } from './routing-input';

const LEVEL_WORDS = {
  commune: 'a communal',
  epci: 'an intercommunal (EPCI)',
  departement: 'a departmental',
} as const;
const ALIAS_WORDS = {
  'arrondissement-municipal': 'municipal arrondissement',
  'commune-deleguee': 'commune déléguée',
  'commune-associee': 'commune associée',
  'former-code': 'former code',
} as const;

/**
 * Routes a request to the authority competent for its category where it is located: the rule is
 * the most specific override for the commune's EPCI, else for its département, else the most
 * specific default; its level then picks the authority of that level containing the commune.
 * Rules are checked against the taxonomy at construction (fail at boot, not on a request); each
 * decision is pure lookups in memory, once the territory is loaded.
 */
export class CompetenceRouter implements Router {
  private readonly overridesByScope = new Map<string, CompetenceOverride[]>();

  constructor(
    private readonly territory: TerritoryDirectory,
    private readonly taxonomy: CategoryTaxonomy,
    private readonly rules: CompetenceRules,
  ) {
    const problems = findRuleProblems(rules, taxonomy);
    if (problems.length > 0) {
      throw new DirectoryError(
        'DIRECTORY.INVALID_RULES',
        `inconsistent rules:\n  - ${problems.join('\n  - ')}`,
      );
    }
    for (const override of rules.overrides) {
      const key = ruleScopeKey(override.scope);
      const list = this.overridesByScope.get(key);
      if (list) list.push(override);
      else this.overridesByScope.set(key, [override]);
    }
  }

  /**
   * Throws `DIRECTORY.UNKNOWN_COMMUNE` (field `location.inseeCode`) or
   * `DIRECTORY.UNKNOWN_CATEGORY` (field `category`); neither is retriable.
   */
  route({ category: code, inseeCode }: RoutingInput): RoutingDecision {
    const resolution = this.territory.resolveCommune(inseeCode);
    if (resolution === null) {
      throw new DirectoryError(
        'DIRECTORY.UNKNOWN_COMMUNE',
        `no commune has INSEE code ${inseeCode}`,
        'location.inseeCode',
      );
    }
    const category = this.taxonomy.category(code);
    if (category === null) {
      throw new DirectoryError(
        'DIRECTORY.UNKNOWN_CATEGORY',
        `unknown category ${code}`,
        'category',
      );
    }
    const { commune } = resolution;
    const rule = this.ruleFor(commune, category.code);
    const target = this.target(commune, rule.level);
    const why = [
      aliasClause(resolution),
      `${category.code} (${category.labels.en}) is ${LEVEL_WORDS[rule.level]} competence`,
      ` under ${this.ruleClause(rule)} ${rule.id} (rules ${this.rules.version}): ${target.clause}.`,
    ];
    return {
      targets: [target.id],
      rule: { id: rule.id, version: this.rules.version },
      reason: why.join(''),
    };
  }

  private ruleFor(commune: Commune, code: string): CompetenceRule {
    const scopes = [
      commune.epciSiren === null
        ? []
        : (this.overridesByScope.get(`epci:${commune.epciSiren}`) ?? []),
      this.overridesByScope.get(`departement:${commune.departementCode}`) ?? [],
      this.rules.defaults,
    ];
    for (const rules of scopes) {
      const rule = selectRule(rules, code);
      if (rule) return rule;
    }
    // Unreachable: the constructor checked that every category has a default rule.
    throw new DirectoryError('DIRECTORY.INVALID_RULES', `no rule covers category ${code}`);
  }

  private ruleClause(rule: CompetenceRule): string {
    if (!('scope' in rule)) return 'default rule';
    const { scope } = rule as CompetenceOverride;
    const name =
      scope.kind === 'epci'
        ? (this.territory.epci(scope.siren)?.name ?? scope.siren)
        : (this.territory.departement(scope.code)?.name ?? scope.code);
    return scope.kind === 'epci'
      ? `the override for EPCI ${name}, rule`
      : `the override for département ${name}, rule`;
  }

  private target(commune: Commune, level: CompetenceRule['level']): { id: string; clause: string } {
    const here = `${commune.name} (${commune.inseeCode})`;
    const itself = {
      id: `commune:${commune.inseeCode}`,
      clause: `the commune of ${here} is competent`,
    };
    if (level === 'commune') return itself;
    if (level === 'epci') {
      const epci = commune.epciSiren === null ? null : this.territory.epci(commune.epciSiren);
      if (epci === null) {
        // A few islands (Ouessant, Sein, Bréhat, Yeu) and the overseas collectivities have no EPCI.
        return {
          ...itself,
          clause: `${here} belongs to no EPCI, so the commune itself is competent (commune:${commune.inseeCode})`,
        };
      }
      return {
        id: `epci:${epci.siren}`,
        clause: `${here} belongs to ${epci.name} (epci:${epci.siren})`,
      };
    }
    const departement = this.territory.departement(commune.departementCode);
    const name = departement?.name ?? commune.departementCode;
    return {
      id: `departement:${commune.departementCode}`,
      clause: `${here} is in département ${name} (departement:${commune.departementCode})`,
    };
  }
}

function aliasClause({ alias, commune }: CommuneResolution): string {
  if (alias === null) return '';
  const what =
    alias.name === null ? ALIAS_WORDS[alias.kind] : `${alias.name}, ${ALIAS_WORDS[alias.kind]}`;
  return `Location ${alias.code} (${what}) is part of ${commune.name} (${commune.inseeCode}). `;
}
