import { TopicInvalidError } from '../errors/topic-invalid.error';
import type { TopicSpec } from '../message-bus-admin.port';
import { assertTopicName } from './topic-name';

const CLEANUP_POLICIES = new Set(['delete', 'compact', 'compact,delete']);

/** Throws `TopicInvalidError` on the first spec that Kafka would refuse; checks every name is unique. */
export function assertTopicSpecs(specs: readonly TopicSpec[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    assertTopicName(spec.name);
    if (seen.has(spec.name)) throw new TopicInvalidError(spec.name, 'listed twice');
    seen.add(spec.name);
    if (!Number.isSafeInteger(spec.partitions) || spec.partitions < 1) {
      throw new TopicInvalidError(spec.name, 'partitions must be an integer >= 1');
    }
    if (!Number.isSafeInteger(spec.retentionMs) || spec.retentionMs < -1) {
      throw new TopicInvalidError(spec.name, 'retentionMs must be an integer >= -1 (-1: forever)');
    }
    if (spec.cleanupPolicy !== undefined && !CLEANUP_POLICIES.has(spec.cleanupPolicy)) {
      throw new TopicInvalidError(
        spec.name,
        'cleanupPolicy must be delete, compact or compact,delete',
      );
    }
    if (
      spec.replicationFactor !== undefined &&
      (!Number.isSafeInteger(spec.replicationFactor) || spec.replicationFactor < 1)
    ) {
      throw new TopicInvalidError(spec.name, 'replicationFactor must be an integer >= 1');
    }
  }
}
