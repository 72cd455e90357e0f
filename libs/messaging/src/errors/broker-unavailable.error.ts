import { MessagingError } from './messaging.error';

/**
 * The broker could not be reached or did not answer in time (connection refused, timeout, no
 * leader for a partition yet). For a publish, some messages may have been written: publish again,
 * duplicates are dropped downstream by event id.
 */
export class BrokerUnavailableError extends MessagingError {
  readonly code = 'MESSAGING.BROKER_UNAVAILABLE';
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
