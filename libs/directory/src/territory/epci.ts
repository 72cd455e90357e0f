/**
 * The legal nature of an EPCI à fiscalité propre as the data spells it: communauté de communes,
 * d'agglomération, urbaine, métropole; `MET69` is the Métropole de Lyon, strictly a collectivité
 * à statut particulier that also holds the Rhône département's competences on its territory.
 */
export type EpciNature = 'CC' | 'CA' | 'CU' | 'METRO' | 'MET69';

/** An intercommunalité with its own tax base (EPCI à fiscalité propre). */
export interface Epci {
  readonly siren: string;
  readonly name: string;
  readonly nature: EpciNature;
  /** INSEE codes of the member communes, in the data's order. A commune belongs to at most one EPCI. */
  readonly memberInseeCodes: readonly string[];
}
