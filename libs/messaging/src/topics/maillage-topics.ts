import { assertConnectorId } from './connector-id';

/** The hub-wide topics. Names carry a version: a new meaning is a new topic, never a reuse. */
export const TOPICS = {
  /** Every canonical event, as a CloudEvent (binary mode), key = request id. */
  events: 'maillage.events.v1',
  /** What a consumer could not process, with the reason and the source position. */
  dlq: 'maillage.dlq.v1',
} as const;

/** What the tool of `connectorId` sends in, in its dialect. Throws `TopicInvalidError` on a bad id. */
export function inTopic(connectorId: string): string {
  return `maillage.in.${assertConnectorId(connectorId)}.v1`;
}

/** What the tool of `connectorId` receives, already in its dialect. Throws `TopicInvalidError` on a bad id. */
export function outTopic(connectorId: string): string {
  return `maillage.out.${assertConnectorId(connectorId)}.v1`;
}
