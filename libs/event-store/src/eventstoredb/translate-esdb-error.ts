import { ErrorType, isCommandError } from '@eventstore/db-client';

import { EventStoreUnavailableError } from '../errors/event-store-unavailable.error';

/** Client errors meaning the server (or the leader) cannot be reached or did not answer in time. */
const UNAVAILABLE_TYPES = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

/**
 * Maps @eventstore/db-client command errors to the store's error family at the boundary.
 * `WrongExpectedVersionError` is not mapped here: the adapter re-checks the stream first (the
 * conflict may be a concurrent retry of the same events, i.e. a duplicate).
 */
export function translateEsdbError(error: unknown): Error {
  if (typeof error === 'object' && error !== null && isCommandError(error as Error)) {
    const { type } = error as { type: ErrorType };
    if (!UNAVAILABLE_TYPES.has(type)) return error as Error;
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${type}`, { cause: error });
  }
  return error as Error;
}
