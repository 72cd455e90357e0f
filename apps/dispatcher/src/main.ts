import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { startWorkerApplication } from '@maillage/observability';
import { DispatcherAppModule } from './dispatcher-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  if (!config.kafka) throw new ConfigError(['KAFKA_BROKERS is required by the dispatcher']);
  const { healthUrl } = await startWorkerApplication(DispatcherAppModule.forRoot(config), config);
  new Logger('Dispatcher').log(
    `Maillage dispatcher running (event store: ${config.eventStore.kind}, Kafka: ${config.kafka.brokers.join(',')})${healthUrl ? `; health and metrics on ${healthUrl}` : ''}`,
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
