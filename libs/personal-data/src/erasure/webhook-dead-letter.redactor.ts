import type { ErasureScope, PersonalDataRedactor } from './personal-data-redactor';
import { redactMessageBody } from './redact-message-body';

/** A dead letter as much as redaction needs of it. */
export interface RedactableDeadLetter {
  readonly connectorId: string;
  readonly deadLetterId: string;
  /** The JSON body as it was sent. */
  readonly body: string;
}

/**
 * What the webhook state store must offer for its dead letters to be redacted (to be implemented
 * by `@maillage/delivery`'s SQLite and PostgreSQL state stores).
 */
export interface DeadLetterRedactionStore {
  /** The dead letters, of every connector, of the canonical events `eventIds`. */
  deadLettersOfEvents(eventIds: readonly string[]): Promise<RedactableDeadLetter[]>;
  /** Replaces a dead letter's body (a replay then sends the redacted body). */
  replaceDeadLetterBody(connectorId: string, deadLetterId: string, body: string): Promise<void>;
}

/**
 * Redacts the webhook dead letters of an erased citizen: those of the events that carried their
 * data (the filing, also sent again to each new target), every occurrence of their values
 * replaced by `[effacé]`, whatever the dialect. A dead letter holds the body exactly as sent,
 * in clear, outside the event store: without this, destroying the key would leave it readable.
 */
export function webhookDeadLetterRedactor(store: DeadLetterRedactionStore): PersonalDataRedactor {
  return {
    name: 'webhook dead letters',
    async redact(scope: ErasureScope): Promise<number> {
      if (scope.eventIds.length === 0 || scope.values.length === 0) return 0;
      let redacted = 0;
      for (const letter of await store.deadLettersOfEvents(scope.eventIds)) {
        const body = redactMessageBody(letter.body, scope.values);
        if (body === null) continue;
        await store.replaceDeadLetterBody(letter.connectorId, letter.deadLetterId, body);
        redacted += 1;
      }
      return redacted;
    },
  };
}
