import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, parseConfig } from '@maillage/config';
import { ProjectorAppModule } from './projector-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  new Logger('Projector').log(
    `Maillage projector running (event store: ${config.eventStore.kind}, read model: ${config.readModel.kind})`,
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
