import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, parseConfig } from '@maillage/config';
import { createHttpApplication } from '@maillage/http-api';
import { GatewayModule } from './gateway.module';

async function bootstrap(): Promise<void> {
  const config = parseConfig();
  const app = await createHttpApplication(GatewayModule.forRoot(config), config);
  await app.listen({ host: config.http.host, port: config.http.port });
  new Logger('Gateway').log(
    `Maillage gateway listening on ${await app.getUrl()} (event store: ${config.eventStore.kind})`,
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
