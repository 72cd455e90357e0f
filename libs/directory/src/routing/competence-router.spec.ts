import { bundledCategoryTaxonomy } from '../categories/bundled-category-taxonomy';
import type { DirectoryError } from '../errors/directory-error';
import { bundledCompetenceRules } from '../rules/bundled-competence-rules';
import { TerritoryDirectory } from '../territory/territory-directory';
import { CompetenceRouter } from './competence-router';
import type { RoutingDecision } from './routing-decision';

const VERSION = '2026-11-29.1';

function errorOf(route: () => unknown): DirectoryError {
  try {
    route();
  } catch (error) {
    return error as DirectoryError;
  }
  throw new Error('expected a DirectoryError');
}

describe('CompetenceRouter', () => {
  const territory = new TerritoryDirectory();
  const taxonomy = bundledCategoryTaxonomy();
  const rules = bundledCompetenceRules();
  const router = new CompetenceRouter(territory, taxonomy, rules);
  const withoutOverrides = new CompetenceRouter(territory, taxonomy, { ...rules, overrides: [] });
  const route = (category: string, inseeCode: string, via = router): RoutingDecision =>
    via.route({ origin: 'commune:45155', category, inseeCode });

  beforeAll(() => territory.load());

  it.each([
    ['roads.departmental', '45155', 'departement:45', 'default.roads.departmental'],
    ['waste.collection', '45155', 'epci:244500211', 'default.waste'],
    ['waste.bulky', '45155', 'epci:244500211', 'default.waste'],
    ['water.sanitation', '45155', 'epci:244500211', 'default.water'],
    ['civil_status.birth_certificate', '45155', 'commune:45155', 'default.civil_status'],
    ['school.canteen', '45155', 'commune:45155', 'default.school'],
    ['social.apa', '45155', 'departement:45', 'default.social'],
    ['social.municipal_aid', '45155', 'commune:45155', 'default.social.municipal_aid'],
    ['colleges.maintenance', '45155', 'departement:45', 'default.colleges'],
    ['school_transport', '45155', 'departement:45', 'default.school_transport'],
    ['childhood.nursery', '45155', 'commune:45155', 'default.childhood'],
    [
      'childhood.childminder_approval',
      '45155',
      'departement:45',
      'default.childhood.childminder_approval',
    ],
    ['waste.collection', '47157', 'epci:200030674', 'default.waste'],
    ['roads.departmental', '47157', 'departement:47', 'default.roads.departmental'],
    ['social.rsa', '2A004', 'departement:2A', 'default.social'],
    ['water.supply', '2B033', 'epci:242000354', 'default.water'],
    ['social.rsa', '97411', 'departement:974', 'default.social'],
    ['social.rsa', '69123', 'epci:200046977', 'epci.200046977.social.rsa'],
    ['social.municipal_aid', '69123', 'commune:69123', 'default.social.municipal_aid'],
    ['waste.collection', '93066', 'commune:93066', 'epci.200054781.waste'],
    ['roads.departmental', '75056', 'commune:75056', 'departement.75.roads.departmental'],
  ])('routes %s in %s to %s by rule %s', (category, inseeCode, target, ruleId) => {
    expect(route(category, inseeCode)).toMatchObject({
      targets: [target],
      rule: { id: ruleId, version: VERSION },
    });
  });

  it('explains the decision with the category, level, authority name and rule', () => {
    expect(route('roads.departmental', '45155').reason).toBe(
      'roads.departmental (Departmental road) is a departmental competence under default rule ' +
        'default.roads.departmental (rules 2026-11-29.1): Gien (45155) is in département Loiret (departement:45).',
    );
    const waste = route('waste.collection', '45155').reason;
    expect(waste).toContain('an intercommunal (EPCI) competence');
    expect(waste).toContain('CC Giennoises (epci:244500211)');
    expect(route('civil_status.birth_certificate', '45155').reason).toContain(
      'the commune of Gien (45155) is competent',
    );
  });

  it('changes the route where CC Giennoises has taken over street lighting and municipal roads', () => {
    expect(route('public_lighting', '45155', withoutOverrides).targets).toEqual(['commune:45155']);
    const lighting = route('public_lighting', '45155');
    expect(lighting).toMatchObject({
      targets: ['epci:244500211'],
      rule: { id: 'epci.244500211.public_lighting', version: VERSION },
    });
    expect(lighting.reason).toContain('the override for EPCI CC Giennoises');
    expect(route('roads.municipal', '45271').targets).toEqual(['epci:244500211']); // another member
    expect(route('public_lighting', '45053').targets).toEqual(['commune:45053']); // Briare, another EPCI
    // The override names roads.municipal only: departmental roads still go to Loiret.
    expect(route('roads.departmental', '45155').targets).toEqual(['departement:45']);
  });

  it('applies a département override under no EPCI override', () => {
    expect(route('roads.departmental', '75056', withoutOverrides).targets).toEqual([
      'departement:75',
    ]);
    expect(route('roads.departmental', '75056').reason).toContain(
      'the override for département Paris',
    );
  });

  it('falls back to the commune for an EPCI competence where the commune is in no EPCI', () => {
    const decision = route('waste.collection', '29155');
    expect(decision).toMatchObject({ targets: ['commune:29155'], rule: { id: 'default.waste' } });
    expect(decision.reason).toContain(
      'Ouessant (29155) belongs to no EPCI, so the commune itself is competent',
    );
  });

  it('routes an arrondissement or a commune associée to its commune, and says so', () => {
    const decision = route('social.rsa', '69383');
    expect(decision.targets).toEqual(['epci:200046977']);
    expect(decision.reason).toMatch(
      /^Location 69383 \(Lyon 3e Arrondissement, municipal arrondissement\) is part of Lyon \(69123\)\. /,
    );
    expect(route('civil_status.death_certificate', '45007').targets).toEqual(['commune:45155']);
  });

  it('refuses an unknown commune, naming the field', () => {
    for (const inseeCode of ['99999', '', '45 155', '60455']) {
      const error = errorOf(() => route('waste.collection', inseeCode));
      expect(error).toMatchObject({
        code: 'DIRECTORY.UNKNOWN_COMMUNE',
        field: 'location.inseeCode',
        retriable: false,
      });
    }
  });

  it('refuses an unknown category, naming the field', () => {
    for (const category of ['waste', 'pothole', 'roads.national', '']) {
      const error = errorOf(() => route(category, '45155'));
      expect(error).toMatchObject({
        code: 'DIRECTORY.UNKNOWN_CATEGORY',
        field: 'category',
        retriable: false,
      });
    }
  });

  it('is deterministic', () => {
    expect(route('public_lighting', '45155')).toEqual(route('public_lighting', '45155'));
  });

  it('refuses rules inconsistent with the taxonomy at construction', () => {
    const broken = {
      ...rules,
      defaults: rules.defaults.filter((rule) => rule.category !== 'social'),
    };
    const error = errorOf(() => new CompetenceRouter(territory, taxonomy, broken));
    expect(error.code).toBe('DIRECTORY.INVALID_RULES');
    expect(error.message).toContain('category social.rsa has no default rule');
  });
});
