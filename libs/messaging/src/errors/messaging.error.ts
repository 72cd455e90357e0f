/** Every code a `MessagingError` can carry. */
export type MessagingErrorCode =
  | 'MESSAGING.BROKER_UNAVAILABLE'
  | 'MESSAGING.BROKER_FAILURE'
  | 'MESSAGING.TOPIC_INVALID'
  | 'MESSAGING.TOPIC_NOT_FOUND'
  | 'MESSAGING.NOT_AUTHORIZED'
  | 'MESSAGING.MESSAGE_REJECTED'
  | 'MESSAGING.BUS_CLOSED'
  | 'MESSAGING.INVALID_CLOUD_EVENT'
  | 'MESSAGING.DEDUP_STORE_UNAVAILABLE';

/**
 * Base of the closed family of errors the message bus adapters and the CloudEvents codec throw.
 * kafkajs errors never pass the adapter: they are translated into one of the subclasses (the
 * original stays in `cause` for diagnosis), so callers branch on `code` and `retriable` only.
 */
export abstract class MessagingError extends Error {
  /** Stable, documented code, safe in logs and dead-letter headers. */
  abstract readonly code: MessagingErrorCode;
  /** True when doing the same thing again later can succeed. */
  abstract readonly retriable: boolean;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
