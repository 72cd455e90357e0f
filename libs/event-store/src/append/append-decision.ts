import { EventIdConflictError } from '../errors/event-id-conflict.error';
import type { EventStoreError } from '../errors/event-store.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import type { AppendResult, ExpectedRevision } from '../event-store.port';

/** The last event of a stream, as far as an append needs it. */
export interface StreamTip {
  readonly revision: number;
  readonly hash: string;
  readonly position: number;
}

/** Where an event id that an append wants to use is already stored. */
export interface StoredEventId {
  readonly eventId: string;
  readonly streamId: string;
  readonly position: number;
}

export type AppendDecision =
  | { readonly kind: 'write'; readonly firstRevision: number; readonly previousHash: string | null }
  | { readonly kind: 'duplicate'; readonly result: AppendResult }
  | { readonly kind: 'reject'; readonly error: EventStoreError };

/**
 * The rules every adapter applies to one append, given the stream's tip and which of the append's
 * ids are already stored — both read under the adapter's write lock, so they cannot change before
 * the write.
 *
 * Idempotency is checked before the expected revision on purpose: a client that retries an
 * acknowledged append (its response was lost) sends the same ids with the old expected revision,
 * and must get the first result back (`duplicate: true`), not a conflict.
 */
export function decideAppend(
  streamId: string,
  eventIds: readonly string[],
  expected: ExpectedRevision,
  tip: StreamTip | null,
  stored: readonly StoredEventId[],
): AppendDecision {
  if (stored.length > 0) {
    const elsewhere = stored.filter((s) => s.streamId !== streamId);
    if (elsewhere.length > 0) {
      const ids = elsewhere.map((s) => s.eventId);
      return reject(new EventIdConflictError(streamId, ids, 'already stored in another stream'));
    }
    if (stored.length < eventIds.length || tip === null) {
      const ids = stored.map((s) => s.eventId);
      return reject(
        new EventIdConflictError(streamId, ids, 'only some of the ids are already stored'),
      );
    }
    const lastPosition = Math.max(...stored.map((s) => s.position));
    return {
      kind: 'duplicate',
      result: { nextExpectedRevision: tip.revision, lastPosition, duplicate: true, events: [] },
    };
  }
  const actual = tip === null ? 'no_stream' : tip.revision;
  if (expected !== 'any' && expected !== actual) {
    return reject(new WrongExpectedRevisionError(streamId, expected, actual));
  }
  return {
    kind: 'write',
    firstRevision: tip === null ? 0 : tip.revision + 1,
    previousHash: tip === null ? null : tip.hash,
  };
}

function reject(error: EventStoreError): AppendDecision {
  return { kind: 'reject', error };
}
