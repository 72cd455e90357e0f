import { DirectoryError } from '../errors/directory-error';
import type { Commune } from './commune';
import type { CommuneAlias } from './commune-alias';
import type { DecoupageCommune, DecoupageFiles } from './decoupage-records';
import type { Departement } from './departement';
import type { Epci, EpciNature } from './epci';

/** The territory as constant-time lookups. Immutable once built. */
export interface TerritoryIndex {
  readonly communes: ReadonlyMap<string, Commune>;
  readonly aliases: ReadonlyMap<string, CommuneAlias>;
  /** Codes two current communes both claim (see `TerritoryLoadReport.ambiguousAliases`). */
  readonly ambiguousAliases: readonly string[];
  readonly epcis: ReadonlyMap<string, Epci>;
  readonly departements: ReadonlyMap<string, Departement>;
  /** Postal code → INSEE codes of the current communes using it, ascending. */
  readonly communeCodesByPostalCode: ReadonlyMap<string, readonly string[]>;
}

const EPCI_NATURES: ReadonlySet<string> = new Set<EpciNature>(['CC', 'CA', 'CU', 'METRO', 'MET69']);
const ZONES: ReadonlySet<string> = new Set(['metro', 'drom', 'com']);

/**
 * Indexes the raw files. Pure. Fails on any inconsistency it would otherwise have to paper over
 * (an EPCI member that is not a current commune, a commune in two EPCIs, an unknown département):
 * the data is a pinned dependency, so such a failure means an upgrade needs a human look.
 */
export function buildTerritoryIndex(files: DecoupageFiles): TerritoryIndex {
  const departements = indexDepartements(files);
  const { epcis, epciOfCommune } = indexEpcis(files);
  const communes = new Map<string, Commune>();
  const postal = new Map<string, string[]>();
  for (const record of files.communes) {
    if (record.type !== 'commune-actuelle') continue;
    if (!departements.has(record.departement)) {
      invalid(`commune ${record.code} is in unknown département ${record.departement}`);
    }
    const postalCodes = record.codesPostaux ?? [];
    communes.set(record.code, {
      inseeCode: record.code,
      name: record.nom,
      siren: record.siren ?? null,
      departementCode: record.departement,
      epciSiren: epciOfCommune.get(record.code) ?? null,
      postalCodes,
    });
    for (const postalCode of postalCodes) {
      const codes = postal.get(postalCode);
      if (codes) codes.push(record.code);
      else postal.set(postalCode, [record.code]);
    }
  }
  for (const [inseeCode, siren] of epciOfCommune) {
    if (!communes.has(inseeCode))
      invalid(`EPCI ${siren} lists ${inseeCode}, not a current commune`);
  }
  for (const codes of postal.values()) codes.sort();
  const { aliases, ambiguousAliases } = indexAliases(files.communes, communes);
  return {
    communes,
    aliases,
    ambiguousAliases,
    epcis,
    departements,
    communeCodesByPostalCode: postal,
  };
}

function indexDepartements(files: DecoupageFiles): Map<string, Departement> {
  const regionNames = new Map(files.regions.map((region) => [region.code, region.nom]));
  const departements = new Map<string, Departement>();
  for (const record of files.departements) {
    const regionName = regionNames.get(record.region);
    if (regionName === undefined)
      invalid(`département ${record.code} is in unknown region ${record.region}`);
    if (!ZONES.has(record.zone))
      invalid(`département ${record.code} has unknown zone ${record.zone}`);
    departements.set(record.code, {
      code: record.code,
      name: record.nom,
      regionCode: record.region,
      regionName,
      zone: record.zone as Departement['zone'],
    });
  }
  return departements;
}

function indexEpcis(files: DecoupageFiles): {
  epcis: Map<string, Epci>;
  epciOfCommune: Map<string, string>;
} {
  const epcis = new Map<string, Epci>();
  const epciOfCommune = new Map<string, string>();
  for (const record of files.epcis) {
    if (!EPCI_NATURES.has(record.type))
      invalid(`EPCI ${record.code} has unknown nature ${record.type}`);
    const memberInseeCodes = record.membres.map((member) => member.code);
    for (const inseeCode of memberInseeCodes) {
      const previous = epciOfCommune.get(inseeCode);
      if (previous !== undefined)
        invalid(`commune ${inseeCode} is in EPCI ${previous} and ${record.code}`);
      epciOfCommune.set(inseeCode, record.code);
    }
    epcis.set(record.code, {
      siren: record.code,
      name: record.nom,
      nature: record.type as EpciNature,
      memberInseeCodes,
    });
  }
  return { epcis, epciOfCommune };
}

/**
 * Every code that stands for a current commune without being one. A code claimed by two different
 * communes (the data has two: a commune déléguée whose `chefLieu` disagrees with the commune that
 * lists it among its former codes) is left out: picking one would be a guess.
 */
function indexAliases(
  records: readonly DecoupageCommune[],
  communes: ReadonlyMap<string, Commune>,
): { aliases: Map<string, CommuneAlias>; ambiguousAliases: string[] } {
  const candidates = new Map<string, CommuneAlias[]>();
  const propose = (alias: CommuneAlias): void => {
    if (communes.has(alias.code)) return; // a current commune's own code always means that commune
    if (!communes.has(alias.communeInseeCode)) {
      invalid(
        `${alias.code} (${alias.kind}) belongs to ${alias.communeInseeCode}, not a current commune`,
      );
    }
    const list = candidates.get(alias.code);
    if (list) list.push(alias);
    else candidates.set(alias.code, [alias]);
  };
  for (const record of records) {
    if (record.type === 'commune-actuelle') {
      for (const code of record.anciensCodes ?? []) {
        propose({ code, name: null, kind: 'former-code', communeInseeCode: record.code });
      }
      continue;
    }
    const communeInseeCode =
      record.type === 'arrondissement-municipal' ? record.commune : record.chefLieu;
    if (communeInseeCode === undefined) invalid(`${record.type} ${record.code} names no commune`);
    propose({ code: record.code, name: record.nom, kind: record.type, communeInseeCode });
  }
  const aliases = new Map<string, CommuneAlias>();
  const ambiguousAliases: string[] = [];
  for (const [code, list] of candidates) {
    const targets = new Set(list.map((alias) => alias.communeInseeCode));
    if (targets.size > 1) {
      ambiguousAliases.push(code);
      continue;
    }
    // A named record (arrondissement, déléguée, associée) says more than a bare former code.
    const named = list.find((alias) => alias.kind !== 'former-code');
    aliases.set(code, named ?? (list[0] as CommuneAlias));
  }
  return { aliases, ambiguousAliases: ambiguousAliases.sort() };
}

function invalid(message: string): never {
  throw new DirectoryError('DIRECTORY.INVALID_DATA', `territory data: ${message}`);
}
