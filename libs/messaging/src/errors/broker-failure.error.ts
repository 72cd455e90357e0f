import { MessagingError } from './messaging.error';

/**
 * The broker (or client) failed in a way none of the other codes describes. `retriable` is what
 * the client said about the underlying error.
 */
export class BrokerFailureError extends MessagingError {
  readonly code = 'MESSAGING.BROKER_FAILURE';

  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
