import { EventStoreError } from './event-store.error';

/**
 * The stream was not at the revision the append expected: someone else appended first.
 * Retriable: reload the stream, decide again, append with the new revision.
 */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'STORE.WRONG_EXPECTED_REVISION';
  readonly retriable = true;

  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream',
    /** Revision of the stream's last event when the append was checked. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
  }
}
