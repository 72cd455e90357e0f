import { MessagingError } from './messaging.error';

/** Authentication (SASL) failed, or the principal may not use this topic or group. */
export class NotAuthorizedError extends MessagingError {
  readonly code = 'MESSAGING.NOT_AUTHORIZED';
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
