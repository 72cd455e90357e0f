import type { RoutingDecision } from '@maillage/domain';
import type { Router, RoutingInput } from './router.port';

/** Territorial level an authority acts at. */
export type Level = 'commune' | 'epci' | 'departement';

/** Category prefix → competent level. The first matching rule wins. */
export interface LevelRule {
  readonly id: string;
  readonly categoryPrefix: string;
  readonly level: Level;
}

/** The built-in default: what each level handles when no territory overrides it. */
export const DEFAULT_LEVEL_RULES: readonly LevelRule[] = [
  { id: 'roads.departmental', categoryPrefix: 'roads.departmental', level: 'departement' },
  { id: 'social', categoryPrefix: 'social', level: 'departement' },
  { id: 'colleges', categoryPrefix: 'colleges', level: 'departement' },
  { id: 'school_transport', categoryPrefix: 'school_transport', level: 'departement' },
  { id: 'waste', categoryPrefix: 'waste', level: 'epci' },
  { id: 'water', categoryPrefix: 'water', level: 'epci' },
];

/**
 * Routes by category to a level, then to the authority of that level whose territory holds the
 * request's commune. Without a directory the EPCI of a commune is unknown, so an EPCI-level
 * request stays with the commune and the decision says so (the directory-backed router replaces
 * this one).
 */
export class LevelRouter implements Router {
  constructor(
    private readonly rules: readonly LevelRule[] = DEFAULT_LEVEL_RULES,
    private readonly version = 'builtin-1',
    private readonly epciOf: (inseeCode: string) => string | null = () => null,
  ) {}

  route({ category, inseeCode }: RoutingInput): RoutingDecision {
    const rule = this.rules.find(
      (candidate) =>
        category === candidate.categoryPrefix || category.startsWith(`${candidate.categoryPrefix}.`),
    );
    const commune = `commune:${inseeCode}`;
    if (!rule) {
      return {
        targets: [commune],
        rule: { id: 'default.commune', version: this.version },
        reason: `no rule for category ${category}: the commune of the location is competent`,
      };
    }
    const ruleRef = { id: rule.id, version: this.version };
    if (rule.level === 'departement') {
      const departement = departementOf(inseeCode);
      return {
        targets: [`departement:${departement}`],
        rule: ruleRef,
        reason: `${category} is a departmental competence; commune ${inseeCode} is in département ${departement}`,
      };
    }
    if (rule.level === 'epci') {
      const epci = this.epciOf(inseeCode);
      if (epci) {
        return {
          targets: [`epci:${epci}`],
          rule: ruleRef,
          reason: `${category} is an intercommunal competence; commune ${inseeCode} belongs to EPCI ${epci}`,
        };
      }
      return {
        targets: [commune],
        rule: { id: `${rule.id}.no-epci`, version: this.version },
        reason: `${category} is an intercommunal competence but the EPCI of commune ${inseeCode} is unknown: the commune is competent`,
      };
    }
    return { targets: [commune], rule: ruleRef, reason: `${category} is a communal competence` };
  }
}

/** Département code of a commune's INSEE code: 3 characters overseas (97x), else 2 (2A/2B too). */
export function departementOf(inseeCode: string): string {
  return inseeCode.startsWith('97') ? inseeCode.slice(0, 3) : inseeCode.slice(0, 2);
}
