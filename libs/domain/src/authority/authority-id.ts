/**
 * Identifies a local authority, prefixed by its level so that ids of different levels never
 * collide: `commune:<INSEE code>` (e.g. `commune:45155`, Gien; `commune:2A004` in Corsica),
 * `epci:<SIREN>` (e.g. `epci:244500211`, CC Giennoises), `departement:<code>` (e.g.
 * `departement:45`, `departement:2A`, `departement:974`).
 */
export type AuthorityId = string;

/** The territorial level an authority acts at. */
export type AuthorityLevel = 'commune' | 'epci' | 'departement';

/**
 * The only accepted spelling of an authority id. Checks the shape, not existence: whether
 * `commune:45155` is a real commune is the directory's business.
 */
export const AUTHORITY_ID_PATTERN =
  /^(?:commune:(?:\d{5}|2[AB]\d{3})|epci:\d{9}|departement:(?:\d{2,3}|2[AB]))$/;

/** Splits an authority id into level and code; null when it is not a well-formed authority id. */
export function parseAuthorityId(id: string): { level: AuthorityLevel; code: string } | null {
  if (!isAuthorityId(id)) return null;
  const separator = id.indexOf(':');
  return { level: id.slice(0, separator) as AuthorityLevel, code: id.slice(separator + 1) };
}

/** True when `value` is a well-formed authority id (see `AUTHORITY_ID_PATTERN`). */
export function isAuthorityId(value: unknown): value is AuthorityId {
  return typeof value === 'string' && AUTHORITY_ID_PATTERN.test(value);
}
