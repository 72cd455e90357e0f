import { TopicInvalidError } from './errors/topic-invalid.error';
import type { ConsumeOptions } from './message-consumer.port';
import { assertTopicName } from './topics/topic-name';

/** Throws `TopicInvalidError` when the options name no topic, an illegal topic or a blank group. */
export function assertConsumeOptions(options: ConsumeOptions): void {
  if (options.groupId.trim().length === 0) {
    throw new TopicInvalidError(options.topics.join(','), 'a consumer needs a non-blank groupId');
  }
  if (options.topics.length === 0)
    throw new TopicInvalidError('', 'a consumer needs at least one topic');
  for (const topic of options.topics) assertTopicName(topic);
}
