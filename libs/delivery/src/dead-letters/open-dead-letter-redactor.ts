import type { MaillageConfig } from '@maillage/config';
import { consumerStateLocation } from '@maillage/connectors';
import { type PersonalDataRedactor, webhookDeadLetterRedactor } from '@maillage/personal-data';
import { PostgresWebhookStateStore } from '../state/postgres.webhook-state.store';
import { SqliteWebhookStateStore } from '../state/sqlite.webhook-state.store';

/**
 * The webhook dead letters' redactor on the configured webhook state (where `WebhookCoreModule`
 * keeps it), for an erasure or disposal run outside the hub process (the command line): the same
 * redactor the hub registers. `close` releases the state store.
 */
export async function openWebhookDeadLetterRedactor(
  config: MaillageConfig,
): Promise<{ readonly redactor: PersonalDataRedactor; close(): Promise<void> }> {
  const location = consumerStateLocation(config, 'webhooks');
  const store =
    location.kind === 'postgres'
      ? await PostgresWebhookStateStore.create(location.connectionString, location.schema)
      : new SqliteWebhookStateStore(location.path);
  return { redactor: webhookDeadLetterRedactor(store), close: () => store.close() };
}
