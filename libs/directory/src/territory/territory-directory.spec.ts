import { TerritoryDirectory } from './territory-directory';
import type { TerritoryLoadReport } from './territory-load-report';

describe('TerritoryDirectory on @etalab/decoupage-administratif', () => {
  const directory = new TerritoryDirectory();
  let report: TerritoryLoadReport;

  beforeAll(() => {
    report = directory.load();
  });

  it('indexes current communes only, with EPCIs and départements including overseas ones', () => {
    expect(report.communes).toBeGreaterThan(34_000);
    expect(report.epcis).toBeGreaterThan(1_200);
    expect(report.departements).toBe(109); // 101 départements + 8 overseas collectivities
    expect(directory.isLoaded).toBe(true);
    expect(directory.load()).toBe(report); // loads once
  });

  it('finds Gien, its EPCI CC Giennoises and its département Loiret', () => {
    expect(directory.commune('45155')).toEqual({
      inseeCode: '45155',
      name: 'Gien',
      siren: '214501553',
      departementCode: '45',
      epciSiren: '244500211',
      postalCodes: ['45500'],
    });
    expect(directory.epciOfCommune('45155')).toMatchObject({
      siren: '244500211',
      name: 'CC Giennoises',
      nature: 'CC',
    });
    expect(directory.departementOfCommune('45155')).toEqual({
      code: '45',
      name: 'Loiret',
      regionCode: '24',
      regionName: 'Centre-Val de Loire',
      zone: 'metro',
    });
  });

  it('goes both ways: commune → EPCI → members include the commune', () => {
    for (const inseeCode of ['45155', '47157', '2A004', '97411']) {
      const epci = directory.epciOfCommune(inseeCode);
      expect(epci?.memberInseeCodes).toContain(inseeCode);
      for (const member of epci?.memberInseeCodes ?? []) {
        expect(directory.commune(member)?.epciSiren).toBe(epci?.siren);
      }
    }
  });

  it('finds Marmande in Val de Garonne Agglomération, Lot-et-Garonne', () => {
    expect(directory.epciOfCommune('47157')).toMatchObject({
      siren: '200030674',
      name: 'CA Val de Garonne Agglomération',
      nature: 'CA',
    });
    expect(directory.departementOfCommune('47157')?.name).toBe('Lot-et-Garonne');
  });

  it('handles Corsica (2A, 2B) and overseas (97x) codes', () => {
    expect(directory.commune('2A004')).toMatchObject({
      name: 'Ajaccio',
      departementCode: '2A',
      epciSiren: '242010056',
    });
    expect(directory.departementOfCommune('2B033')).toMatchObject({
      code: '2B',
      name: 'Haute-Corse',
      regionName: 'Corse',
    });
    expect(directory.commune('97411')).toMatchObject({
      name: 'Saint-Denis',
      departementCode: '974',
      epciSiren: '249740119',
    });
    expect(directory.departement('974')).toMatchObject({ name: 'La Réunion', zone: 'drom' });
  });

  it('keeps overseas collectivities as pseudo-départements, whose communes have no SIREN nor EPCI', () => {
    expect(directory.commune('98735')).toMatchObject({
      name: 'Papeete',
      siren: null,
      epciSiren: null,
      departementCode: '987',
    });
    expect(directory.departement('987')).toMatchObject({
      name: 'Polynésie française',
      zone: 'com',
    });
  });

  it('maps a shared postal code to every commune using it', () => {
    const communes = directory.communesByPostalCode('45500').map((commune) => commune.inseeCode);
    expect(communes).toEqual(['45016', '45155', '45227', '45254', '45271', '45280', '45291']);
    expect(directory.communesByPostalCode('47200').map((commune) => commune.name)).toContain(
      'Marmande',
    );
    expect(directory.communesByPostalCode('00000')).toEqual([]);
  });

  it('answers the arrondissements’ postal codes with their commune, not the arrondissement', () => {
    expect(directory.communesByPostalCode('75008').map((commune) => commune.inseeCode)).toEqual([
      '75056',
    ]);
  });

  it('resolves municipal arrondissements, communes déléguées and former codes to their commune', () => {
    expect(directory.commune('75108')).toBeNull();
    expect(directory.resolveCommune('75108')).toMatchObject({
      commune: { inseeCode: '75056', name: 'Paris' },
      alias: { kind: 'arrondissement-municipal', name: 'Paris 8e Arrondissement' },
    });
    expect(directory.resolveCommune('45007')).toMatchObject({
      commune: { inseeCode: '45155' },
      alias: { kind: 'commune-associee', name: 'Arrabloy' },
    });
    expect(directory.resolveCommune('01126')).toMatchObject({
      commune: { inseeCode: '01033' },
      alias: { kind: 'former-code', name: null },
    });
    expect(directory.resolveCommune('45155')).toMatchObject({
      commune: { name: 'Gien' },
      alias: null,
    });
  });

  it('leaves a code two communes claim unresolved instead of guessing', () => {
    expect(report.ambiguousAliases).toEqual(['55273', '60455']);
    expect(directory.resolveCommune('60455')).toBeNull();
  });

  it('knows the communes with no EPCI', () => {
    expect(directory.commune('29155')).toMatchObject({ name: 'Ouessant', epciSiren: null });
    expect(directory.epciOfCommune('29155')).toBeNull();
  });

  it('builds and describes authority ids, only for authorities that exist', () => {
    expect(directory.authorityOf('commune', '45155')).toBe('commune:45155');
    expect(directory.authorityOf('epci', '244500211')).toBe('epci:244500211');
    expect(directory.authorityOf('departement', '2A')).toBe('departement:2A');
    expect(directory.authorityOf('epci', '45155')).toBeNull();
    expect(directory.describeAuthority('epci:244500211')).toEqual({
      id: 'epci:244500211',
      level: 'epci',
      code: '244500211',
      name: 'CC Giennoises',
    });
    expect(directory.describeAuthority('departement:45')?.name).toBe('Loiret');
    expect(directory.describeAuthority('commune:2A004')?.name).toBe('Ajaccio');
    for (const id of ['commune:99999', 'region:24', 'epci', '', 'commune:75108']) {
      expect(directory.describeAuthority(id)).toBeNull();
    }
  });

  it('answers null for unknown codes', () => {
    expect(directory.commune('00000')).toBeNull();
    expect(directory.resolveCommune('00000')).toBeNull();
    expect(directory.epci('000000000')).toBeNull();
    expect(directory.departement('00')).toBeNull();
    expect(directory.epciOfCommune('00000')).toBeNull();
    expect(directory.departementOfCommune('00000')).toBeNull();
  });
});
