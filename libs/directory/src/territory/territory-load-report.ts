/** What loading the territory cost and found; logged once at boot. */
export interface TerritoryLoadReport {
  /** Wall time of reading, parsing and indexing the data files. */
  readonly durationMs: number;
  /**
   * Heap growth across the load. Includes parse garbage not yet collected (about 50 MB on v6
   * data), so it overstates what stays resident: about 11 MB after a GC.
   */
  readonly heapUsedDeltaBytes: number;
  readonly communes: number;
  readonly aliases: number;
  /** Codes claimed by two different current communes, hence left unresolved rather than guessed. */
  readonly ambiguousAliases: readonly string[];
  readonly epcis: number;
  readonly departements: number;
  readonly postalCodes: number;
}
