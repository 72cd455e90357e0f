import { TopicInvalidError } from '../errors/topic-invalid.error';

/**
 * A connector id as it appears in a topic name: lower-case letters, digits and inner hyphens,
 * at most 64 characters (e.g. `gien-grc`, `loiret-311`). No dot or underscore: dots separate
 * the parts of a topic name, and Kafka warns that `.` and `_` collide in its metric names.
 */
export const CONNECTOR_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Throws `TopicInvalidError` unless `connectorId` fits {@link CONNECTOR_ID_PATTERN}. */
export function assertConnectorId(connectorId: string): string {
  if (!CONNECTOR_ID_PATTERN.test(connectorId)) {
    throw new TopicInvalidError(
      connectorId,
      'a connector id is 1 to 64 of [a-z0-9-], starting and ending with a letter or digit',
    );
  }
  return connectorId;
}
