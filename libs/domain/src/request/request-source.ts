import type { AuthorityId } from '../authority/authority-id';

/**
 * Where a request was first filed: the authority, the tool (connector) it came through, and that
 * tool's own id for it. (`authority`, `externalId`) is what makes a repeated filing recognisable.
 */
export interface RequestSource {
  readonly authority: AuthorityId;
  /** Null when the request did not come through a registered connector. */
  readonly connector: string | null;
  readonly externalId: string;
}
