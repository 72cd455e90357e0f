import type { AuthorityId } from '../authority/authority-id';
import type { CanonicalStatus } from '../status/canonical-status';
import type { RawStatus } from '../status/raw-status';

/**
 * An involved authority moved the request along (see `LEGAL_TRANSITIONS`). `raw` keeps the
 * status as that authority's tool named it.
 */
export interface StatusChanged {
  readonly type: 'StatusChanged';
  readonly data: {
    readonly requestId: string;
    readonly from: CanonicalStatus;
    readonly to: CanonicalStatus;
    readonly authority: AuthorityId;
    readonly raw: RawStatus;
    readonly note: string | null;
  };
  readonly personal: null;
}
