import type { FactoryProvider } from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { KafkaMessageBus, kafkaBusOptions, type MessageBus } from '@maillage/messaging';

/** The bus the Kafka health check asks, or null when KAFKA_BROKERS is not set. */
export const HEALTH_KAFKA_ADMIN = Symbol('HEALTH_KAFKA_ADMIN');

/**
 * A bus of its own for the health check, tuned to fail fast: one attempt, a short connect
 * timeout, no client logging (a broker that is down is reported by the check, not once per
 * retry). Sharing the relay's bus would make the check wait behind its retries and backoff.
 * Connects on the first check.
 */
export const healthKafkaAdminProvider: FactoryProvider<MessageBus | null> = {
  provide: HEALTH_KAFKA_ADMIN,
  inject: [MAILLAGE_CONFIG],
  useFactory: (config: MaillageConfig) =>
    config.kafka
      ? new KafkaMessageBus(
          kafkaBusOptions(config.kafka, 'health', {
            retries: 0,
            connectionTimeoutMs: 1_000,
            requestTimeoutMs: 2_500,
            logLevel: 'nothing',
          }),
        )
      : null,
};
