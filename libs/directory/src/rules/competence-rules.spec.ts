import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import schema from '../../../../schemas/routing/competence-rules.schema.json';
import rulesV1 from '../../../../schemas/routing/competence-rules.v1.json';
import { bundledCategoryTaxonomy } from '../categories/bundled-category-taxonomy';
import type { DirectoryError } from '../errors/directory-error';
import { TerritoryDirectory } from '../territory/territory-directory';
import { bundledCompetenceRules } from './bundled-competence-rules';
import type { CompetenceRules } from './competence-rules';
import { findRuleProblems } from './find-rule-problems';
import { parseCompetenceRules } from './parse-competence-rules';

function errorOf(parse: () => unknown): DirectoryError {
  try {
    parse();
  } catch (error) {
    return error as DirectoryError;
  }
  throw new Error('expected a DirectoryError');
}

const clone = (): typeof rulesV1 => JSON.parse(JSON.stringify(rulesV1)) as typeof rulesV1;

describe('competence rules', () => {
  const taxonomy = bundledCategoryTaxonomy();
  const rules = bundledCompetenceRules();
  const territory = new TerritoryDirectory();

  beforeAll(() => territory.load());

  it('validates against its JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(rulesV1)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(rules.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('is consistent with the taxonomy and the territory', () => {
    expect(findRuleProblems(rules, taxonomy, territory)).toEqual([]);
  });

  it('names an existing category prefix in every rule', () => {
    for (const rule of [...rules.defaults, ...rules.overrides]) {
      expect([rule.id, taxonomy.coveredBy(rule.category).length > 0]).toEqual([rule.id, true]);
    }
  });

  it('gives every category a default rule agreeing with its default level', () => {
    for (const category of taxonomy.categories) {
      expect(category.defaultLevel).toMatch(/^(commune|epci|departement)$/);
    }
    // The exhaustive check is findRuleProblems; here, that it can fail.
    const withoutWaste: CompetenceRules = {
      ...rules,
      defaults: rules.defaults.filter((rule) => rule.category !== 'waste'),
    };
    expect(findRuleProblems(withoutWaste, taxonomy)).toContain(
      'category waste.collection has no default rule',
    );
    const disagreeing: CompetenceRules = {
      ...rules,
      defaults: rules.defaults.map((rule) =>
        rule.category === 'water' ? { ...rule, level: 'commune' } : rule,
      ),
    };
    expect(findRuleProblems(disagreeing, taxonomy)).toContain(
      'category water.supply: default rule default.water says commune, taxonomy says epci',
    );
  });

  it('flags an override broader than a default it shadows, one that changes nothing, and a wrong scope', () => {
    const base = rules.overrides[0]!;
    const broad: CompetenceRules = {
      ...rules,
      overrides: [
        { ...base, id: 'broad', category: 'social', level: 'epci' },
        { ...base, id: 'noop', category: 'waste', level: 'epci' },
        { ...base, id: 'elsewhere', scope: { kind: 'epci', siren: '000000000', name: null } },
        {
          ...base,
          id: 'misnamed',
          category: 'school',
          scope: { kind: 'departement', code: '45', name: 'Loir-et-Cher' },
        },
      ],
    };
    expect(findRuleProblems(broad, taxonomy, territory)).toEqual([
      expect.stringMatching(/^override broad on social also captures social.municipal_aid/),
      'override noop routes like the defaults: remove it',
      'override elsewhere: no epci 000000000',
      'override misnamed: departement 45 is Loiret, not Loir-et-Cher',
    ]);
  });

  it('flags rules written for another taxonomy version, or a prefix matching nothing', () => {
    const stale: CompetenceRules = {
      ...rules,
      categoriesVersion: '2',
      defaults: [...rules.defaults, { id: 'typo', category: 'wastes', level: 'epci', note: null }],
    };
    expect(findRuleProblems(stale, taxonomy)).toEqual([
      'rules 2026-11-29.1 are for categories v2, taxonomy is v1',
      'rule typo: wastes matches no category',
    ]);
  });

  it.each<[string, (document: ReturnType<typeof clone>) => unknown]>([
    ['a version not shaped YYYY-MM-DD.N', (document) => ({ ...document, version: 'v1' })],
    [
      'an unknown level',
      (document) => ({ ...document, defaults: [{ id: 'x', category: 'waste', level: 'region' }] }),
    ],
    [
      'a scope naming both an EPCI and a département',
      (document) => ({
        ...document,
        overrides: [{ ...document.overrides[0], scope: { epci: '244500211', departement: '45' } }],
      }),
    ],
    [
      'a default with a scope',
      (document) => ({ ...document, defaults: [...document.defaults, document.overrides[0]] }),
    ],
    [
      'a malformed SIREN',
      (document) => ({
        ...document,
        overrides: [{ ...document.overrides[0], scope: { epci: '2445' } }],
      }),
    ],
    [
      'a duplicate rule id',
      (document) => ({ ...document, defaults: [...document.defaults, document.defaults[0]] }),
    ],
    [
      'two rules for one prefix in one scope',
      (document) => ({
        ...document,
        overrides: [
          ...document.overrides,
          { ...document.overrides[0], id: 'epci.244500211.again' },
        ],
      }),
    ],
  ])('refuses a document with %s', (_case, breakIt) => {
    const error = errorOf(() => parseCompetenceRules(breakIt(clone())));
    expect(error.code).toBe('DIRECTORY.INVALID_RULES');
    expect(error.retriable).toBe(false);
  });

  it('parses the bundled file into scoped overrides', () => {
    expect(rules.overrides.find((rule) => rule.id === 'epci.244500211.public_lighting')).toEqual({
      id: 'epci.244500211.public_lighting',
      category: 'public_lighting',
      level: 'epci',
      note: expect.stringMatching(/Illustrative example, not a legal statement/),
      scope: { kind: 'epci', siren: '244500211', name: 'CC Giennoises' },
    });
  });
});
