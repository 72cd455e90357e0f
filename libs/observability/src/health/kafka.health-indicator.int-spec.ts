import { HealthIndicatorService } from '@nestjs/terminus';
import { KafkaMessageBus } from '@maillage/messaging';
import { describeKafka } from '../../../../test/kafka/kafka-test-env';
import { KAFKA_CHECK_TIMEOUT_MS, KafkaHealthIndicator } from './kafka.health-indicator';

const quiet = { warn: () => undefined, error: () => undefined };

/** The bus the health check gets in production (see health-kafka-admin.provider.ts). */
const healthBus = (brokers: string[]): KafkaMessageBus =>
  new KafkaMessageBus({
    brokers,
    clientId: 'maillage-health-test',
    retries: 0,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 2_500,
    logLevel: 'nothing',
    logger: quiet,
  });

describe('Kafka health check, nothing listening at the broker address', () => {
  const bus = healthBus(['127.0.0.1:1']);
  afterAll(() => bus.close());

  it('is down, with the reason, well within its timeout', async () => {
    const indicator = new KafkaHealthIndicator(new HealthIndicatorService(), bus);
    const started = Date.now();
    const result = await indicator.isHealthy('kafka');
    expect(result.kafka).toMatchObject({
      status: 'down',
      message: expect.stringContaining('ECONNREFUSED 127.0.0.1:1'),
    });
    expect(Date.now() - started).toBeLessThan(KAFKA_CHECK_TIMEOUT_MS + 500);
  });
});

describeKafka('Kafka health check on a real broker', (brokers) => {
  const bus = healthBus(brokers);
  afterAll(() => bus.close());

  it('is up when the broker lists its topics', async () => {
    const indicator = new KafkaHealthIndicator(new HealthIndicatorService(), bus);
    const result = await indicator.isHealthy('kafka');
    expect(result.kafka).toMatchObject({ status: 'up', responseTime: expect.any(Number) });
  });
});
