import { BrokerFailureError } from '../errors/broker-failure.error';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { MessageRejectedError } from '../errors/message-rejected.error';
import { MessagingError } from '../errors/messaging.error';
import { NotAuthorizedError } from '../errors/not-authorized.error';
import { TopicInvalidError } from '../errors/topic-invalid.error';
import { TopicNotFoundError } from '../errors/topic-not-found.error';

/** Kafka protocol error types (kafkajs `error.type`) by the code they map to. */
const NOT_AUTHORIZED = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
const TOPIC_NOT_FOUND = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);
const TOPIC_INVALID = new Set([
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_CONFIG',
  'POLICY_VIOLATION',
]);
const REJECTED = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_REQUIRED_ACKS',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
]);
const UNAVAILABLE_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'BROKER_NOT_AVAILABLE',
  'REPLICA_NOT_AVAILABLE',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'KAFKA_STORAGE_ERROR',
  'NOT_CONTROLLER',
]);
const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

interface ErrorLike {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
  readonly retriable?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

/**
 * Maps whatever kafkajs threw to the closed `MessagingError` family: the only errors the Kafka
 * adapter lets out. Looks through kafkajs' wrappers (`KafkaJSNumberOfRetriesExceeded` and its
 * `cause`, aggregate errors) to the protocol error that decided the outcome. `MessagingError`s
 * pass through unchanged.
 */
export function translateKafkaError(
  error: unknown,
  context: { operation: string; topic?: string },
): MessagingError {
  if (error instanceof MessagingError) return error;
  const chain = flatten(error);
  const types = new Set(chain.map((e) => e.type).filter((t): t is string => typeof t === 'string'));
  const names = new Set(chain.map((e) => e.name).filter((n): n is string => typeof n === 'string'));
  const innermost = chain[chain.length - 1];
  const detail = typeof innermost?.message === 'string' ? innermost.message : String(error);
  const message = `${context.operation}: ${detail}`;
  const has = (set: ReadonlySet<string>): boolean => [...types, ...names].some((t) => set.has(t));

  if (names.has('KafkaJSSASLAuthenticationError') || has(NOT_AUTHORIZED)) {
    return new NotAuthorizedError(message, { cause: error });
  }
  if (has(TOPIC_NOT_FOUND))
    return new TopicNotFoundError(context.topic ?? '(unknown)', { cause: error });
  if (has(TOPIC_INVALID))
    return new TopicInvalidError(context.topic ?? '(unknown)', detail, { cause: error });
  if (has(REJECTED)) return new MessageRejectedError(message, { cause: error });
  if (has(UNAVAILABLE_TYPES) || has(UNAVAILABLE_NAMES)) {
    return new BrokerUnavailableError(message, { cause: error });
  }
  return new BrokerFailureError(message, innermost?.retriable === true, { cause: error });
}

/** The error, then its causes and aggregated errors, outermost first. */
function flatten(error: unknown, depth = 0): ErrorLike[] {
  if (typeof error !== 'object' || error === null || depth > 8) return [];
  const e = error as ErrorLike;
  const nested = Array.isArray(e.errors)
    ? e.errors.flatMap((inner) => flatten(inner, depth + 1))
    : [];
  return [e, ...nested, ...flatten(e.cause, depth + 1)];
}
