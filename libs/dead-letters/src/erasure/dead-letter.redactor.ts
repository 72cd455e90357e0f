import { type PersonalDataRedactor, redactMessageBody } from '@maillage/personal-data';

import type { DeadLetters } from '../inspection/dead-letters';
import type { DeadLetterVault } from '../sealing/dead-letter-vault';

/**
 * Reaches the sealed Kafka dead letters on an erasure: opens every one whose key lives, and
 * destroys the key of each whose payload or carried headers hold one of the erased citizen's
 * values (matched by value, as for the webhook dead letters: any dialect, any field). The record
 * stays in Kafka for its retention, unreadable; the list then shows it `erased`.
 */
export function kafkaDeadLetterRedactor(
  deadLetters: DeadLetters,
  vault: DeadLetterVault,
): PersonalDataRedactor {
  return {
    name: 'kafka dead letters',
    async redact(scope): Promise<number> {
      if (scope.values.length === 0) return 0;
      const holding: string[] = [];
      for (const { keyId, opened } of await deadLetters.sealedLetters()) {
        if (opened.sealing !== 'sealed') continue;
        const { headers, value } = opened.content;
        const texts = [value?.toString('utf8') ?? '', ...Object.values(headers)];
        if (texts.some((text) => redactMessageBody(text, scope.values) !== null)) {
          holding.push(keyId);
        }
      }
      return holding.length === 0 ? 0 : vault.destroy(holding, scope.erasureId);
    },
  };
}
