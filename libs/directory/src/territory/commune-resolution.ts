import type { Commune } from './commune';
import type { CommuneAlias } from './commune-alias';

/** A location code resolved to the current commune; `alias` says how when the code was not its own. */
export interface CommuneResolution {
  readonly commune: Commune;
  readonly alias: CommuneAlias | null;
}
