import { TopicInvalidError } from '../errors/topic-invalid.error';

/** Kafka's rule for topic names (kafka.common.internals.Topic): legal characters, at most 249. */
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Throws `TopicInvalidError` unless `topic` is a name Kafka accepts. Returns it otherwise. */
export function assertTopicName(topic: string): string {
  if (!LEGAL_TOPIC_NAME.test(topic)) {
    throw new TopicInvalidError(topic, 'a topic name is 1 to 249 of [a-zA-Z0-9._-]');
  }
  if (topic === '.' || topic === '..') {
    throw new TopicInvalidError(topic, 'a topic name cannot be "." or ".."');
  }
  return topic;
}
