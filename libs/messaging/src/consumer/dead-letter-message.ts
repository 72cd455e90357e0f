import { CLOUD_EVENT_HEADERS } from '../cloud-events/cloud-event-headers';
import type { Message, MessageHeaders, OutgoingMessage } from '../message';

/** Headers a dead letter adds to the original message's safe headers. */
export const DEAD_LETTER_HEADERS = {
  reason: 'maillage_dlq_reason',
  errorCode: 'maillage_dlq_error_code',
  sourceTopic: 'maillage_dlq_source_topic',
  sourcePartition: 'maillage_dlq_source_partition',
  sourceOffset: 'maillage_dlq_source_offset',
  consumer: 'maillage_dlq_consumer',
  attempts: 'maillage_dlq_attempts',
  failedAt: 'maillage_dlq_failed_at',
  /** A sealed dead letter's key id (see `DeadLetterSealer`); absent on a clear one. */
  keyId: 'maillage_dlq_kid',
  /** A sealed dead letter's algorithm (`A256GCM`); absent on a clear one. */
  algorithm: 'maillage_dlq_alg',
} as const;

const SAFE_HEADERS: readonly string[] = Object.values(CLOUD_EVENT_HEADERS);

export interface DeadLetterFailure {
  /** Error code (`DIALECT.INVALID_PAYLOAD`, `MESSAGING.INVALID_CLOUD_EVENT`, `UNCLASSIFIED`...). */
  readonly code: string;
  /** One line, free of personal data (see `errorSummary`). */
  readonly reason: string;
  /** Times the handler ran (0 when the message was refused before). */
  readonly attempts: number;
}

/**
 * The dead letter of a message: same key (so a request's dead letters stay in order) and same
 * value, the CloudEvents headers Maillage writes (ids, type, time, position: never personal data
 * — other headers of the original are dropped, as they may carry anything), and where and why it
 * failed.
 */
export function deadLetterMessage(
  message: Message,
  failure: DeadLetterFailure,
  consumer: string,
  failedAt: Date,
): OutgoingMessage {
  const headers: MessageHeaders = {};
  for (const name of SAFE_HEADERS) {
    const value = message.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const h = DEAD_LETTER_HEADERS;
  headers[h.reason] = failure.reason;
  headers[h.errorCode] = failure.code;
  headers[h.sourceTopic] = message.topic;
  headers[h.sourcePartition] = String(message.partition ?? '');
  headers[h.sourceOffset] = message.offset ?? '';
  headers[h.consumer] = consumer;
  headers[h.attempts] = String(failure.attempts);
  headers[h.failedAt] = failedAt.toISOString();
  return { key: message.key, headers, value: message.value };
}
