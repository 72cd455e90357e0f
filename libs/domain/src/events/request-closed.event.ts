import type { AuthorityId } from '../authority/authority-id';
import type { CloseOutcome } from '../status/close-outcome';
import type { RawStatus } from '../status/raw-status';

/** An involved authority closed the request; its status is now `outcome`. */
export interface RequestClosed {
  readonly type: 'RequestClosed';
  readonly data: {
    readonly requestId: string;
    readonly authority: AuthorityId;
    readonly outcome: CloseOutcome;
    /** The closing tool's own status, when it has one. */
    readonly raw: RawStatus | null;
    readonly note: string | null;
  };
  readonly personal: null;
}
