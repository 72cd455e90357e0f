import type { TerritorialLevel } from './territorial-level';

/** What a human needs to recognise an authority id, e.g. `epci:244500211` → CC Giennoises. */
export interface AuthorityDescription {
  readonly id: string;
  readonly level: TerritorialLevel;
  readonly code: string;
  readonly name: string;
}
