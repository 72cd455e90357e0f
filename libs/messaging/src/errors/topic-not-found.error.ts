import { MessagingError } from './messaging.error';

/**
 * The topic does not exist. Topics are never created by a publish or a subscribe
 * (`allowAutoTopicCreation: false`): run `ensureTopics` at boot. Not retriable.
 */
export class TopicNotFoundError extends MessagingError {
  readonly code = 'MESSAGING.TOPIC_NOT_FOUND';
  readonly retriable = false;

  constructor(
    readonly topic: string,
    options?: { cause?: unknown },
  ) {
    super(`topic ${JSON.stringify(topic)} does not exist (create it with ensureTopics)`, options);
  }
}
