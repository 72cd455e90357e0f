import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { createHttpApplication } from '@maillage/http-api';
import { AuditAppModule } from './audit-app.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  const app = await createHttpApplication(AuditAppModule.forRoot(config), config);
  await app.listen({ host: config.http.host, port: config.http.port });
  const url = await app.getUrl();
  const logger = new Logger('Audit');
  logger.log(
    `Maillage audit API listening on ${url.replace('[::1]', '127.0.0.1')} (event store: ${config.eventStore.kind}, data: ${config.dataDir})`,
  );
  logger.log(`OpenAPI: ${url}/docs`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(error);
  process.exit(1);
});
