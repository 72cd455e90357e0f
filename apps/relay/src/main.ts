import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { startWorkerApplication } from '@maillage/observability';
import { RelayAppModule } from './relay-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  if (!config.kafka) throw new ConfigError(['KAFKA_BROKERS is required by the relay']);
  const { healthUrl } = await startWorkerApplication(RelayAppModule.forRoot(config), config);
  new Logger('Relay').log(
    `Maillage relay running (event store: ${config.eventStore.kind}, Kafka: ${config.kafka.brokers.join(',')})${healthUrl ? `; health and metrics on ${healthUrl}` : ''}`,
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});
