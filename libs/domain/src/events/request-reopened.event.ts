import type { AuthorityId } from '../authority/authority-id';

/** An involved authority reopened a closed request; it is back `in_progress`. */
export interface RequestReopened {
  readonly type: 'RequestReopened';
  readonly data: {
    readonly requestId: string;
    readonly authority: AuthorityId;
    readonly reason: string;
  };
  readonly personal: null;
}
