/**
 * The record shapes of `@etalab/decoupage-administratif` v6 (`data/*.json`), limited to the fields
 * the directory reads. A major version of the package may change them: the index builder checks
 * what it relies on and fails at load, not at decision time.
 */
export interface DecoupageFiles {
  readonly communes: readonly DecoupageCommune[];
  readonly epcis: readonly DecoupageEpci[];
  readonly departements: readonly DecoupageDepartement[];
  readonly regions: readonly DecoupageRegion[];
}

export interface DecoupageCommune {
  readonly code: string;
  readonly nom: string;
  readonly type:
    'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  readonly departement: string;
  readonly siren?: string;
  readonly codesPostaux?: readonly string[];
  /** Former codes of a current commune (merged communes). */
  readonly anciensCodes?: readonly string[];
  /** The current commune of a commune déléguée or associée. */
  readonly chefLieu?: string;
  /** The current commune of a municipal arrondissement. */
  readonly commune?: string;
}

export interface DecoupageEpci {
  /** The SIREN. */
  readonly code: string;
  readonly nom: string;
  readonly type: string;
  readonly membres: readonly { readonly code: string }[];
}

export interface DecoupageDepartement {
  readonly code: string;
  readonly nom: string;
  readonly region: string;
  readonly zone: string;
}

export interface DecoupageRegion {
  readonly code: string;
  readonly nom: string;
}
