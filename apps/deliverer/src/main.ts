import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { startWorkerApplication } from '@maillage/observability';
import { consumerStateLocation } from '@maillage/connectors';
import { DelivererAppModule } from './deliverer-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  if (consumerStateLocation(config, 'webhooks').kind !== 'postgres') {
    // On SQLite the hub process owns the data directory and delivers its webhooks itself.
    throw new ConfigError([
      'the deliverer needs the PostgreSQL store (MAILLAGE_EVENT_STORE=postgres and DATABASE_URL); on the embedded default the hub delivers webhooks itself',
    ]);
  }
  const { healthUrl } = await startWorkerApplication(DelivererAppModule.forRoot(config), config);
  new Logger('Deliverer').log(
    `Maillage webhook deliverer running (event store: ${config.eventStore.kind}, pid ${process.pid})${healthUrl ? `; health and metrics on ${healthUrl}` : ''}`,
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
