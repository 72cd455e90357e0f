import { MessagingError } from './messaging.error';

/** The bus was closed: it publishes and consumes nothing more. */
export class BusClosedError extends MessagingError {
  readonly code = 'MESSAGING.BUS_CLOSED';
  readonly retriable = false;

  constructor() {
    super('the message bus is closed');
  }
}
