import { join } from 'node:path';
import type { MaillageConfig } from '@maillage/config';
import type { ProcessedMessagesLocation } from '@maillage/messaging';

/**
 * Where a Kafka consumer of the hub (`name`: dispatcher, gateway inbox) keeps the ids it
 * processed: the read models' PostgreSQL schema, or a SQLite file of its own in the data directory
 * (its own file, so that consumers never wait on each other's write lock).
 */
export function consumerStateLocation(
  config: MaillageConfig,
  name: string,
): ProcessedMessagesLocation {
  return config.readModel.kind === 'postgres'
    ? {
        kind: 'postgres',
        connectionString: config.readModel.connectionString,
        schema: config.readModel.schema,
      }
    : { kind: 'sqlite', path: join(config.dataDir, `${name}.consumer.sqlite`) };
}
