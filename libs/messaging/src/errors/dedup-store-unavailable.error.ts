import { MessagingError } from './messaging.error';

/**
 * The processed-messages store failed on its own part of the work (connect, begin, mark,
 * commit) — not the effect. Nothing was marked and the effect's writes were rolled back: the
 * message must be handled again later, so `runConsumer` lets the bus redeliver it rather than
 * dead-lettering a message that did nothing wrong.
 */
export class DedupStoreUnavailableError extends MessagingError {
  readonly code = 'MESSAGING.DEDUP_STORE_UNAVAILABLE';
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
