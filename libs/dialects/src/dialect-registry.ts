import { communeV1 } from './commune/commune.dialect';
import { departementV1 } from './departement/departement.dialect';
import { DIALECT_IDS, type Dialect, type DialectId } from './dialect';
import { epciV1 } from './epci/epci.dialect';
import type { InboundEncoder } from './inbound-encoder';
import { open311V2 } from './open311/open311.dialect';

/** Every built-in dialect, by id. */
export const DIALECTS: Readonly<Record<DialectId, Dialect & InboundEncoder>> = Object.freeze({
  'commune-v1': communeV1,
  'epci-v1': epciV1,
  'departement-v1': departementV1,
  'open311-v2': open311V2,
});

export function isDialectId(value: unknown): value is DialectId {
  return typeof value === 'string' && (DIALECT_IDS as readonly string[]).includes(value);
}

/** The dialect named `id`, or null for an id this hub does not know (e.g. from configuration). */
export function dialectFor(id: string): (Dialect & InboundEncoder) | null {
  return isDialectId(id) ? DIALECTS[id] : null;
}

/** The built-in dialect with this id (ids are checked where they enter, e.g. connector config). */
export function dialectById(id: DialectId): Dialect & InboundEncoder {
  return DIALECTS[id];
}
