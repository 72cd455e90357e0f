import { MessagingError } from './messaging.error';

/**
 * A message is not a well-formed Maillage CloudEvent (or an event cannot be written as one).
 * `field` names what is wrong (`ce_id`, `ce_specversion`, `value`, `value.revision`...); the
 * message never quotes the value, which may hold personal data. Not retriable.
 */
export class InvalidCloudEventError extends MessagingError {
  readonly code = 'MESSAGING.INVALID_CLOUD_EVENT';
  readonly retriable = false;

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid CloudEvent: ${field}: ${reason}`);
  }
}
