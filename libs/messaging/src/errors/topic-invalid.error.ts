import { MessagingError } from './messaging.error';

/**
 * A topic name, connector id or topic setting is not acceptable (illegal characters, too long,
 * zero partitions...). Not retriable: the same name will always be refused.
 */
export class TopicInvalidError extends MessagingError {
  readonly code = 'MESSAGING.TOPIC_INVALID';
  readonly retriable = false;

  constructor(
    readonly topic: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`topic ${JSON.stringify(topic)}: ${reason}`, options);
  }
}
