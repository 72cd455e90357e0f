import type { WebhookSignatureScheme } from '@maillage/connectors';

/** A signing key as kept: its text form sealed (see `SecretBox`), never in clear. */
export interface StoredWebhookSecret {
  readonly secretId: string;
  readonly connectorId: string;
  readonly scheme: WebhookSignatureScheme;
  readonly sealedKey: string;
  readonly createdAt: string;
}

/**
 * Where a connector's webhook loop stands: every message of the events up to `after` is done
 * (delivered or dead-lettered), and so are the first `skip` messages of the next event that has
 * any (one event may give a tool two messages: the filing, then the routing).
 */
export interface WebhookCursor {
  readonly after: number;
  readonly skip: number;
}

/** A message given up after the last retry, kept for an IT department to inspect and replay. */
export interface WebhookDeadLetter {
  readonly deadLetterId: string;
  readonly connectorId: string;
  /** The canonical event's id (`ce_id`). */
  readonly eventId: string;
  /** Sent as `webhook-id`; a replay sends it again, so a receiver that got it drops it. */
  readonly webhookId: string;
  readonly position: number;
  /** `fr.maillage.dialect.<dialect>.<message>` */
  readonly messageType: string;
  readonly eventType: string;
  /** The JSON body, exactly as it was sent. */
  readonly body: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: string;
}

/** The webhooks' own state: sealed signing keys, each connector's cursor, the dead letters. */
export interface WebhookStateStore {
  addSecret(secret: StoredWebhookSecret): Promise<void>;
  secretsOf(connectorId: string): Promise<StoredWebhookSecret[]>;
  /** False when the connector has no such secret. */
  removeSecret(connectorId: string, secretId: string): Promise<boolean>;
  /** `{ after: 0, skip: 0 }` for a connector never delivered to. */
  cursor(connectorId: string): Promise<WebhookCursor>;
  saveCursor(connectorId: string, cursor: WebhookCursor): Promise<void>;
  /** Records a dead letter and moves the cursor past it, in one transaction. */
  deadLetter(letter: WebhookDeadLetter, cursor: WebhookCursor): Promise<void>;
  /** A connector's dead letters, oldest first. */
  deadLetters(connectorId: string, limit: number): Promise<WebhookDeadLetter[]>;
  findDeadLetter(connectorId: string, deadLetterId: string): Promise<WebhookDeadLetter | null>;
  /** After a failed replay: one more attempt, its error and time. */
  updateDeadLetter(letter: WebhookDeadLetter): Promise<void>;
  removeDeadLetter(connectorId: string, deadLetterId: string): Promise<void>;
  /** The dead letters, of every connector, of these canonical events (for erasures). */
  deadLettersOfEvents(eventIds: readonly string[]): Promise<WebhookDeadLetter[]>;
  /** Replaces a dead letter's body, the old one's bytes overwritten (an erasure's redaction). */
  replaceDeadLetterBody(connectorId: string, deadLetterId: string, body: string): Promise<void>;
  close(): Promise<void>;
}
