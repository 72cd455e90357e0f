import type { MessagingLogger } from '../messaging-logger';
import { KafkaMessageBus } from '../kafka/kafka-message-bus';

const quiet: MessagingLogger = { warn: () => undefined, error: () => undefined };

/**
 * A `KafkaMessageBus` tuned for integration tests on the local single broker: short fetch waits,
 * the broker's minimum session timeout (6 s), fast heartbeats and redelivery, few retries;
 * kafkajs's own log lines off unless `logLevel` says otherwise.
 */
export function kafkaTestBus(
  brokers: string[],
  clientId: string,
  logger: MessagingLogger = quiet,
  logLevel: 'nothing' | 'error' = 'nothing',
): KafkaMessageBus {
  return new KafkaMessageBus({
    brokers,
    clientId,
    logLevel,
    logger,
    connectionTimeoutMs: 2_000,
    requestTimeoutMs: 10_000,
    retries: 2,
    consumer: {
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      rebalanceTimeoutMs: 10_000,
      maxWaitTimeMs: 100,
      redeliveryDelayMs: 50,
    },
  });
}
