import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, parseConfig } from '@maillage/config';
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
  const app = await NestFactory.createApplicationContext(DelivererAppModule.forRoot(config), {
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  new Logger('Deliverer').log(
    `Maillage webhook deliverer running (event store: ${config.eventStore.kind}, pid ${process.pid})`,
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
