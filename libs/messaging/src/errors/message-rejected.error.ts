import { MessagingError } from './messaging.error';

/** The broker refused the messages themselves (too large, corrupt, invalid record). */
export class MessageRejectedError extends MessagingError {
  readonly code = 'MESSAGING.MESSAGE_REJECTED';
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
