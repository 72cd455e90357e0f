import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';

import { BrokerFailureError } from '../errors/broker-failure.error';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { MessageRejectedError } from '../errors/message-rejected.error';
import { MessagingError } from '../errors/messaging.error';
import { NotAuthorizedError } from '../errors/not-authorized.error';
import { TopicInvalidError } from '../errors/topic-invalid.error';
import { TopicNotFoundError } from '../errors/topic-not-found.error';
import { translateKafkaError } from './translate-kafka-error';

/** A protocol error as kafkajs builds it from a broker error code. */
const protocolError = (type: string, retriable: boolean): Error =>
  new KafkaJSProtocolError({ type, code: 0, retriable, message: `broker said ${type}` } as never);
const afterRetries = (cause: Error): Error =>
  new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 1000 });
// Its type declaration forgets the message argument the constructor reads.
const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

const context = { operation: 'publish to maillage.events.v1', topic: 'maillage.events.v1' };

describe('translateKafkaError', () => {
  it.each([
    [
      'connection refused',
      new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
      BrokerUnavailableError,
      true,
    ],
    [
      'connection refused, after retries',
      afterRetries(new KafkaJSConnectionError('ECONNREFUSED')),
      BrokerUnavailableError,
      true,
    ],
    [
      'request timeout',
      new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'),
      BrokerUnavailableError,
      true,
    ],
    [
      'no leader yet',
      afterRetries(protocolError('LEADER_NOT_AVAILABLE', true)),
      BrokerUnavailableError,
      true,
    ],
    [
      'unknown topic',
      afterRetries(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true)),
      TopicNotFoundError,
      false,
    ],
    ['invalid topic', protocolError('INVALID_TOPIC_EXCEPTION', false), TopicInvalidError, false],
    ['message too large', protocolError('MESSAGE_TOO_LARGE', false), MessageRejectedError, false],
    [
      'SASL failure',
      new SaslError('SASL SCRAM SHA512 authentication failed'),
      NotAuthorizedError,
      false,
    ],
    ['topic ACL', protocolError('TOPIC_AUTHORIZATION_FAILED', false), NotAuthorizedError, false],
    ['anything else, retriable', new KafkaJSError('something odd'), BrokerFailureError, true],
    [
      'anything else, not retriable',
      new KafkaJSNonRetriableError('Invalid topics array'),
      BrokerFailureError,
      false,
    ],
    ['not even a kafkajs error', new TypeError('x is undefined'), BrokerFailureError, false],
  ])('maps %s', (_label, error, expected, retriable) => {
    const translated = translateKafkaError(error, context);
    expect(translated).toBeInstanceOf(expected);
    expect(translated).toBeInstanceOf(MessagingError);
    expect(translated.retriable).toBe(retriable);
    expect(translated.cause).toBe(error);
  });

  it('sees through an aggregate of protocol errors', () => {
    const aggregate = Object.assign(new Error('Multiple errors'), {
      name: 'KafkaJSAggregateError',
      errors: [protocolError('INVALID_PARTITIONS', false)],
    });
    expect(translateKafkaError(aggregate, context)).toBeInstanceOf(TopicInvalidError);
  });

  it('names the topic and the operation', () => {
    const notFound = translateKafkaError(
      afterRetries(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true)),
      context,
    );
    expect(notFound).toMatchObject({
      code: 'MESSAGING.TOPIC_NOT_FOUND',
      topic: 'maillage.events.v1',
    });
    const down = translateKafkaError(new KafkaJSConnectionError('ECONNREFUSED'), context);
    expect(down.message).toBe('publish to maillage.events.v1: ECONNREFUSED');
  });

  it('lets a MessagingError through unchanged', () => {
    const error = new TopicInvalidError('bad topic', 'illegal');
    expect(translateKafkaError(error, context)).toBe(error);
  });
});
