import type { AuthorityId } from '../authority/authority-id';

/**
 * A target's tool accepted the request and gave its own id for it, so the request can be found
 * from either side (hub id ↔ the tool's reference).
 */
export interface RequestAcknowledged {
  readonly type: 'RequestAcknowledged';
  readonly data: {
    readonly requestId: string;
    readonly authority: AuthorityId;
    readonly externalReference: string;
  };
  readonly personal: null;
}
