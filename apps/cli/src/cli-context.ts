import type { Writable } from 'node:stream';
import { type MaillageConfig, parseConfig } from '@maillage/config';
import { type AuditService, openAudit } from '@maillage/audit';
import { securityLog } from '@maillage/connectors';
import { openDeadLetters } from '@maillage/dead-letters';
import { openWebhookDeadLetterRedactor } from '@maillage/delivery';
import {
  openPersonalDataOperations,
  type PersonalDataOperations,
} from '@maillage/service-requests';

/** What a command runs with: its output streams and the environment the config is read from. */
export interface CliContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The hub's configuration, read as the hub reads it (a `ConfigError` exits with 78). */
export function loadConfig(context: CliContext): MaillageConfig {
  return parseConfig(context.env);
}

/** Runs `use` with an `AuditService` on the configured store, and closes it afterwards. */
export async function withAudit<T>(
  context: CliContext,
  use: (audit: AuditService, config: MaillageConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(context);
  const opened = await openAudit(config);
  try {
    return await use(opened.audit, config);
  } finally {
    await opened.close();
  }
}

/**
 * Runs `use` with erasure and retention on the configured stores, composed as the hub composes
 * them: the webhook dead letters are redacted, and every erasure or disposal goes to the
 * security-event files (MAILLAGE_SECURITY_LOG_DIR) as the hub's own do.
 */
export async function withPersonalData<T>(
  context: CliContext,
  use: (operations: PersonalDataOperations, config: MaillageConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(context);
  securityLog.keepIn(config.securityLog);
  const deadLetters = await openWebhookDeadLetterRedactor(config);
  // With Kafka, the sealed Kafka dead letters too (their keys are destroyed by value).
  const kafkaDeadLetters = await openDeadLetters(config).catch(async (error: unknown) => {
    await deadLetters.close();
    throw error;
  });
  try {
    const operations = await openPersonalDataOperations(config, {
      redactors: [deadLetters.redactor, ...(kafkaDeadLetters ? [kafkaDeadLetters.redactor] : [])],
      trail: securityLog,
    });
    try {
      return await use(operations, config);
    } finally {
      await operations.close();
    }
  } finally {
    await kafkaDeadLetters?.close();
    await deadLetters.close();
  }
}

/** Writes a JSON document (pretty) on stdout. */
export function printJson(context: CliContext, value: unknown): void {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
