import type { TerritorialLevel } from '../territory/territorial-level';

/** A canonical request category, e.g. `waste.collection`. */
export interface Category {
  /** Dotted code; its leading segments are the prefixes routing rules match on. */
  readonly code: string;
  readonly labels: { readonly fr: string; readonly en: string };
  /** Competent level under the general law, before any territory's override. */
  readonly defaultLevel: TerritorialLevel;
  /** The legal nuance behind `defaultLevel`, or null. */
  readonly note: string | null;
}
