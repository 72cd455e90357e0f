import { type AuthorityId, isAuthorityId } from '@maillage/domain';
import type { DialectContext } from '../dialect';
import type { IssueSink } from './issue-sink';

/** What every dialect says it expects of the authority a declining tool names. */
export const COMPETENT_AUTHORITY_EXPECTED =
  "the competent authority: a commune (INSEE code), an EPCI (SIREN) or a département (code), other than the tool's own";

/**
 * The authority a tool that declines competence names as competent, as a hub authority id, or
 * undefined (with an issue at `pointer`) when it is malformed or the tool's own authority — a
 * transfer to oneself could never be recorded.
 */
export function declinedTo(
  id: string | undefined,
  pointer: string,
  context: DialectContext,
  issues: IssueSink,
): AuthorityId | undefined {
  if (id === undefined) return undefined;
  if (!isAuthorityId(id)) {
    issues.add(pointer, COMPETENT_AUTHORITY_EXPECTED, 'DIALECT.FORMAT');
    return undefined;
  }
  if (id === context.authority) {
    issues.add(pointer, COMPETENT_AUTHORITY_EXPECTED, 'DIALECT.CONFLICT');
    return undefined;
  }
  return id;
}
