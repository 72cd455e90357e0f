import type { DirectoryError } from '../errors/directory-error';
import type { DecoupageCommune, DecoupageFiles } from './decoupage-records';
import { buildTerritoryIndex } from './territory-index';

/** A tiny territory: two communes of one EPCI in one département, plus aliases of them. */
function files(overrides: Partial<DecoupageFiles> = {}): DecoupageFiles {
  const commune = (code: string, extra: Partial<DecoupageCommune> = {}): DecoupageCommune => ({
    code,
    nom: `Commune ${code}`,
    type: 'commune-actuelle',
    departement: '45',
    siren: `21${code}0`,
    codesPostaux: ['45500'],
    ...extra,
  });
  return {
    regions: [{ code: '24', nom: 'Centre-Val de Loire' }],
    departements: [{ code: '45', nom: 'Loiret', region: '24', zone: 'metro' }],
    epcis: [
      {
        code: '244500211',
        nom: 'CC Giennoises',
        type: 'CC',
        membres: [{ code: '45155' }, { code: '45254' }],
      },
    ],
    communes: [
      commune('45155', { anciensCodes: ['45007', '45999'] }),
      commune('45254', { anciensCodes: ['45999'], codesPostaux: ['45500', '45501'] }),
      commune('45007', { type: 'commune-associee', nom: 'Arrabloy', chefLieu: '45155' }),
      commune('45254', { type: 'commune-deleguee', nom: 'Poilly (déléguée)', chefLieu: '45254' }),
    ],
    ...overrides,
  };
}

function errorOf(build: () => unknown): DirectoryError {
  try {
    build();
  } catch (error) {
    return error as DirectoryError;
  }
  throw new Error('expected a DirectoryError');
}

describe('buildTerritoryIndex', () => {
  it('links communes to their EPCI and postal codes, in INSEE order', () => {
    const index = buildTerritoryIndex(files());
    expect(index.communes.get('45254')?.epciSiren).toBe('244500211');
    expect(index.communeCodesByPostalCode.get('45500')).toEqual(['45155', '45254']);
    expect(index.communeCodesByPostalCode.get('45501')).toEqual(['45254']);
  });

  it('keeps a current commune’s own code over a commune déléguée sharing it', () => {
    const index = buildTerritoryIndex(files());
    expect(index.communes.get('45254')?.name).toBe('Commune 45254');
    expect(index.aliases.has('45254')).toBe(false);
  });

  it('prefers the named record to the bare former code for the same alias', () => {
    expect(buildTerritoryIndex(files()).aliases.get('45007')).toEqual({
      code: '45007',
      name: 'Arrabloy',
      kind: 'commune-associee',
      communeInseeCode: '45155',
    });
  });

  it('drops a code two communes claim, and reports it', () => {
    const index = buildTerritoryIndex(files());
    expect(index.aliases.has('45999')).toBe(false);
    expect(index.ambiguousAliases).toEqual(['45999']);
  });

  it.each<[string, Partial<DecoupageFiles>, RegExp]>([
    [
      'an EPCI member that is not a current commune',
      { epcis: [{ code: '244500211', nom: 'CC', type: 'CC', membres: [{ code: '45007' }] }] },
      /lists 45007/,
    ],
    [
      'a commune in two EPCIs',
      {
        epcis: [
          { code: '244500211', nom: 'A', type: 'CC', membres: [{ code: '45155' }] },
          { code: '200000000', nom: 'B', type: 'CA', membres: [{ code: '45155' }] },
        ],
      },
      /45155 is in EPCI 244500211 and 200000000/,
    ],
    [
      'an EPCI nature the code does not know',
      { epcis: [{ code: '244500211', nom: 'CC', type: 'SIVU', membres: [] }] },
      /unknown nature SIVU/,
    ],
    [
      'a département in an unknown region',
      { departements: [{ code: '45', nom: 'Loiret', region: '99', zone: 'metro' }] },
      /unknown region 99/,
    ],
  ])('refuses data with %s', (_case, broken, message) => {
    const error = errorOf(() => buildTerritoryIndex(files(broken)));
    expect(error.code).toBe('DIRECTORY.INVALID_DATA');
    expect(error.message).toMatch(message);
  });
});
