import { EventStoreError } from './event-store.error';

/**
 * The append reuses event ids in a way that is not a plain retry: only some of its ids are
 * already stored, or an id is already stored in another stream (or twice in the same append).
 * Not retriable: the same request will always conflict; it is a caller bug or a forged id.
 */
export class EventIdConflictError extends EventStoreError {
  readonly code = 'STORE.EVENT_ID_CONFLICT';
  readonly retriable = false;

  constructor(
    readonly streamId: string,
    /** The ids that caused the conflict. */
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super(`stream ${streamId}: event id conflict (${reason}): ${eventIds.join(', ')}`);
  }
}
