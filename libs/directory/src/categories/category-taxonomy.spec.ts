import type { DirectoryError } from '../errors/directory-error';
import { bundledCategoryTaxonomy } from './bundled-category-taxonomy';
import { coversCategory } from './category-prefix';
import { parseCategoryTaxonomy } from './parse-category-taxonomy';

function errorOf(parse: () => unknown): DirectoryError {
  try {
    parse();
  } catch (error) {
    return error as DirectoryError;
  }
  throw new Error('expected a DirectoryError');
}

const category = {
  code: 'waste.collection',
  labels: { fr: 'Collecte', en: 'Collection' },
  defaultLevel: 'epci',
};

describe('category taxonomy', () => {
  const taxonomy = bundledCategoryTaxonomy();

  it('covers the categories routing needs, each with French and English labels', () => {
    const required = [
      'civil_status.birth_certificate',
      'civil_status.marriage_certificate',
      'civil_status.death_certificate',
      'school.canteen',
      'school.periscolar',
      'library.registration',
      'childhood.nursery',
      'roads.municipal',
      'roads.departmental',
      'public_lighting',
      'waste.collection',
      'waste.bulky',
      'water.supply',
      'water.sanitation',
      'school_transport',
      'social.rsa',
      'social.apa',
      'social.disability',
      'colleges.maintenance',
      'urban_planning.building_permit',
    ];
    for (const code of required) {
      const found = taxonomy.category(code);
      expect(found?.labels.fr).toBeTruthy();
      expect(found?.labels.en).toBeTruthy();
    }
    expect(taxonomy.version).toBe('1');
  });

  it('gives the general-law level', () => {
    expect(taxonomy.category('civil_status.birth_certificate')?.defaultLevel).toBe('commune');
    expect(taxonomy.category('waste.collection')?.defaultLevel).toBe('epci');
    expect(taxonomy.category('social.rsa')?.defaultLevel).toBe('departement');
    expect(taxonomy.category('school_transport')?.note).toMatch(/region/);
  });

  it('knows exact codes only: a prefix is not a category', () => {
    expect(taxonomy.category('waste')).toBeNull();
    expect(taxonomy.coveredBy('waste').map((found) => found.code)).toEqual([
      'waste.collection',
      'waste.bulky',
      'waste.recycling_centre',
    ]);
  });

  it('matches prefixes on whole segments', () => {
    expect(coversCategory('waste', 'waste.collection')).toBe(true);
    expect(coversCategory('waste.collection', 'waste.collection')).toBe(true);
    expect(coversCategory('water', 'waterway.lock')).toBe(false);
    expect(coversCategory('roads.municipal', 'roads.departmental')).toBe(false);
  });

  it.each<[string, unknown]>([
    [
      'a missing English label',
      { version: '1', categories: [{ ...category, labels: { fr: 'Collecte' } }] },
    ],
    ['an unknown level', { version: '1', categories: [{ ...category, defaultLevel: 'region' }] }],
    [
      'an upper-case code',
      { version: '1', categories: [{ ...category, code: 'Waste.Collection' }] },
    ],
    ['an unknown property', { version: '1', categories: [{ ...category, level: 'epci' }] }],
    ['no version', { categories: [category] }],
    ['a duplicate code', { version: '1', categories: [category, category] }],
  ])('refuses a document with %s', (_case, document) => {
    expect(errorOf(() => parseCategoryTaxonomy(document)).code).toBe('DIRECTORY.INVALID_RULES');
  });
});
