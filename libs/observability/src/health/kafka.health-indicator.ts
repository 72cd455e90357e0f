import { Inject, Injectable } from '@nestjs/common';
import { type HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import type { MessageBusAdmin } from '@maillage/messaging';
import { HEALTH_KAFKA_ADMIN } from './health-kafka-admin.provider';

/** How long the brokers may take to answer before Kafka is reported down. */
export const KAFKA_CHECK_TIMEOUT_MS = 3_000;

/**
 * Kafka answers: the brokers return the cluster's topic list within the timeout. An empty
 * `ensureTopics` creates nothing, but the Kafka adapter still connects and lists the topics (a
 * Metadata request): the cheapest round trip that proves a broker is there and serves requests.
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(HEALTH_KAFKA_ADMIN) private readonly admin: MessageBusAdmin | null,
  ) {}

  /** Whether this process talks to Kafka at all (KAFKA_BROKERS is set). */
  get configured(): boolean {
    return this.admin !== null;
  }

  isHealthy<const Key extends string>(key: Key): HealthCheckAttempt<Key> {
    const admin = this.admin;
    return this.health
      .check(key)
      .attempt(async () => {
        if (!admin) throw new Error('Kafka is not configured (KAFKA_BROKERS)');
        await admin.ensureTopics([]);
      })
      .withTimeout(KAFKA_CHECK_TIMEOUT_MS);
  }
}
