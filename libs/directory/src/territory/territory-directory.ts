import type { AuthorityDescription } from './authority-description';
import type { Commune } from './commune';
import type { CommuneResolution } from './commune-resolution';
import type { Departement } from './departement';
import type { Epci } from './epci';
import { readDecoupageFiles } from './read-decoupage-files';
import type { TerritorialLevel } from './territorial-level';
import { buildTerritoryIndex, type TerritoryIndex } from './territory-index';
import type { TerritoryLoadReport } from './territory-load-report';

export interface TerritoryDirectoryOptions {
  /**
   * Folder holding `communes.json`, `epci.json`, `departements.json` and `regions.json`.
   * Default: the `data` folder of the installed `@etalab/decoupage-administratif` package.
   */
  readonly dataDirectory?: string;
}

/**
 * Communes, EPCIs and départements of France from `@etalab/decoupage-administratif`, with
 * constant-time lookups. Loads once: explicitly with `load()` — do it at boot, since it blocks the
 * event loop for 0.6–0.7 s of CPU on v6 data — or else on the first lookup. Every lookup after that
 * is pure and answers null (or an empty list) for an unknown code rather than throwing: whether
 * that is an error is the caller's business.
 */
export class TerritoryDirectory {
  private index: TerritoryIndex | null = null;
  private report: TerritoryLoadReport | null = null;

  constructor(private readonly options: TerritoryDirectoryOptions = {}) {}

  /** Reads and indexes the data; later calls return the first report without reloading. */
  load(): TerritoryLoadReport {
    if (this.report) return this.report;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const index = buildTerritoryIndex(readDecoupageFiles(this.options.dataDirectory));
    const durationMs = Math.round(performance.now() - started);
    this.index = index;
    this.report = {
      durationMs,
      heapUsedDeltaBytes: process.memoryUsage().heapUsed - heapBefore,
      communes: index.communes.size,
      aliases: index.aliases.size,
      ambiguousAliases: index.ambiguousAliases,
      epcis: index.epcis.size,
      departements: index.departements.size,
      postalCodes: index.communeCodesByPostalCode.size,
    };
    return this.report;
  }

  get isLoaded(): boolean {
    return this.index !== null;
  }

  /** The current commune with this INSEE code; null for aliases (see `resolveCommune`). */
  commune(inseeCode: string): Commune | null {
    return this.loaded().communes.get(inseeCode) ?? null;
  }

  /**
   * The current commune a location code stands for: its own code, or a municipal arrondissement,
   * commune déléguée / associée or former code of it. Null when the code means nothing, or could
   * mean two communes.
   */
  resolveCommune(code: string): CommuneResolution | null {
    const index = this.loaded();
    const commune = index.communes.get(code);
    if (commune) return { commune, alias: null };
    const alias = index.aliases.get(code);
    const target = alias && index.communes.get(alias.communeInseeCode);
    return alias && target ? { commune: target, alias } : null;
  }

  epci(siren: string): Epci | null {
    return this.loaded().epcis.get(siren) ?? null;
  }

  departement(code: string): Departement | null {
    return this.loaded().departements.get(code) ?? null;
  }

  /** The current communes using a postal code, by INSEE code; one code often serves several communes. */
  communesByPostalCode(postalCode: string): readonly Commune[] {
    const index = this.loaded();
    const codes = index.communeCodesByPostalCode.get(postalCode) ?? [];
    return codes.flatMap((code) => index.communes.get(code) ?? []);
  }

  /** The EPCI a current commune belongs to; null for an unknown commune or one in no EPCI. */
  epciOfCommune(inseeCode: string): Epci | null {
    const siren = this.commune(inseeCode)?.epciSiren;
    return siren ? this.epci(siren) : null;
  }

  departementOfCommune(inseeCode: string): Departement | null {
    const commune = this.commune(inseeCode);
    return commune ? this.departement(commune.departementCode) : null;
  }

  /**
   * The authority id (`commune:45155`, `epci:244500211`, `departement:45`) when that authority
   * exists, else null: an id built here always names something real.
   */
  authorityOf(level: TerritorialLevel, code: string): string | null {
    return this.describe(level, code)?.id ?? null;
  }

  /** Level, code and name of an authority id; null when malformed or unknown. */
  describeAuthority(id: string): AuthorityDescription | null {
    const separator = id.indexOf(':');
    if (separator < 0) return null;
    const level = id.slice(0, separator);
    if (level !== 'commune' && level !== 'epci' && level !== 'departement') return null;
    return this.describe(level, id.slice(separator + 1));
  }

  private describe(level: TerritorialLevel, code: string): AuthorityDescription | null {
    const name =
      level === 'commune'
        ? this.commune(code)?.name
        : level === 'epci'
          ? this.epci(code)?.name
          : this.departement(code)?.name;
    return name === undefined ? null : { id: `${level}:${code}`, level, code, name };
  }

  private loaded(): TerritoryIndex {
    if (!this.index) this.load();
    return this.index as TerritoryIndex;
  }
}

let shared: TerritoryDirectory | null = null;

/** The territory is 35 000 communes: one loaded directory per process, loaded on first use. */
export function sharedTerritory(): TerritoryDirectory {
  if (!shared) {
    shared = new TerritoryDirectory();
    shared.load();
  }
  return shared;
}
