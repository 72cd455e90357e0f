import { EventStoreError } from './event-store.error';

/**
 * The store could not be reached or gave up (connection refused, server shutting down, lock
 * timeout, I/O error). Nothing is known to be written — but for an append whose COMMIT was sent
 * before the connection dropped, it may have been: retry with the same event ids, which makes the
 * retry idempotent. The HTTP layer answers 503.
 */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'STORE.UNAVAILABLE';
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
