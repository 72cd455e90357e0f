import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { startWorkerApplication } from '@maillage/observability';
import { ProjectorAppModule } from './projector-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  const { healthUrl } = await startWorkerApplication(ProjectorAppModule.forRoot(config), config);
  new Logger('Projector').log(
    `Maillage projector running (event store: ${config.eventStore.kind}, read model: ${config.readModel.kind})${healthUrl ? `; health and metrics on ${healthUrl}` : ''}`,
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
