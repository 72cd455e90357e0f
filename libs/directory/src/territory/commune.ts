/**
 * A current commune (INSEE type COM, `commune-actuelle` in the data). Communes déléguées,
 * associées and municipal arrondissements are not communes here: they have no legal personality,
 * so they only resolve to their commune (see `CommuneAlias`).
 */
export interface Commune {
  /** INSEE code (code officiel géographique), e.g. `45155`, `2A004`, `97411`. */
  readonly inseeCode: string;
  readonly name: string;
  /** Null for the overseas collectivities' communes (97501…98901) the data gives no SIREN for. */
  readonly siren: string | null;
  /** `45`, `2A`, `974`; for overseas collectivities the data's pseudo-département (`987`). */
  readonly departementCode: string;
  /**
   * Null for the few communes in no EPCI: Île-de-Bréhat, Île-de-Sein, Ouessant, L'Île-d'Yeu (exempt
   * by law) and those of the overseas collectivities.
   */
  readonly epciSiren: string | null;
  /**
   * La Poste codes; empty for the TAAF districts. Paris, Lyon and Marseille carry all the codes of
   * their arrondissements.
   */
  readonly postalCodes: readonly string[];
}
