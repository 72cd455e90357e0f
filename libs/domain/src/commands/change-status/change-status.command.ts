import type { Actor } from '../../events/event-metadata';
import type { CanonicalStatus } from '../../status/canonical-status';
import type { RawStatus } from '../../status/raw-status';

/** An involved authority moves the request to another status (see `LEGAL_TRANSITIONS`). */
export interface ChangeStatus {
  readonly type: 'ChangeStatus';
  readonly actor: Actor;
  readonly to: CanonicalStatus;
  readonly raw: RawStatus;
  readonly note: string | null;
}
