import type { Actor } from '../../events/event-metadata';
import type { CloseOutcome } from '../../status/close-outcome';
import type { RawStatus } from '../../status/raw-status';

/** An involved authority closes the request with an outcome. */
export interface CloseRequest {
  readonly type: 'CloseRequest';
  readonly actor: Actor;
  readonly outcome: CloseOutcome;
  readonly raw: RawStatus | null;
  readonly note: string | null;
}
