import { assertConnectorId } from './connector-id';

/** The hub-wide topics. Names carry a version: a new meaning is a new topic, never a reuse. */
export const TOPICS = {
  /** Every canonical event, as a CloudEvent (binary mode), key = request id. */
  events: 'maillage.events.v1',
  /** What a consumer could not process, with the reason and the source position. */
  dlq: 'maillage.dlq.v1',
} as const;

/**
 * The dead-letter topic as every app that may dead-letter creates it at boot: one partition (a
 * small, ordered list an operator reads and replays) kept 30 days.
 */
export const DLQ_TOPIC_SPEC = {
  name: TOPICS.dlq,
  partitions: 1,
  retentionMs: 30 * 24 * 3600 * 1000,
} as const;

/**
 * The events topic as the apps that write or read it create it at boot (the relay, and the
 * dispatcher, which may start first): 6 partitions — the unit of parallelism of its consumer
 * groups — kept a week; consumers that fall further behind replay from the store.
 */
export function eventsTopicSpec(name: string = TOPICS.events) {
  return { name, partitions: 6, retentionMs: 7 * 24 * 3600 * 1000 } as const;
}

/** What the tool of `connectorId` sends in, in its dialect. Throws `TopicInvalidError` on a bad id. */
export function inTopic(connectorId: string): string {
  return `maillage.in.${assertConnectorId(connectorId)}.v1`;
}

/** What the tool of `connectorId` receives, already in its dialect. Throws `TopicInvalidError` on a bad id. */
export function outTopic(connectorId: string): string {
  return `maillage.out.${assertConnectorId(connectorId)}.v1`;
}
