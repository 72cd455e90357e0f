import type { MaillageConfig } from '@maillage/config';
import { DLQ_TOPIC_SPEC, KafkaMessageBus, kafkaBusOptions } from '@maillage/messaging';
import type { PersonalDataRedactor } from '@maillage/personal-data';

import { kafkaDeadLetterRedactor } from './erasure/dead-letter.redactor';
import { DeadLetters } from './inspection/dead-letters';
import { openDeadLetterKeyStore } from './keys/open-dead-letter-key-store';
import { DeadLetterVault } from './sealing/dead-letter-vault';

export interface OpenedDeadLetters {
  readonly deadLetters: DeadLetters;
  /** The redactor the hub registers, for an erasure run outside it. */
  readonly redactor: PersonalDataRedactor;
  close(): Promise<void>;
}

/**
 * The dead letters on the configured Kafka and key store, outside the hub process (the command
 * line), composed as `DeadLettersModule` composes them; null without Kafka. `close` releases the
 * connections.
 */
export async function openDeadLetters(config: MaillageConfig): Promise<OpenedDeadLetters | null> {
  if (!config.kafka) return null;
  const keys = await openDeadLetterKeyStore(config.personalData.keyStore);
  const bus = new KafkaMessageBus(
    kafkaBusOptions(config.kafka, 'dead-letters', { logLevel: 'nothing' }),
  );
  const vault = new DeadLetterVault(keys, config.hubSecret, DLQ_TOPIC_SPEC.name);
  const deadLetters = new DeadLetters(bus, vault, keys, DLQ_TOPIC_SPEC.name);
  return {
    deadLetters,
    redactor: kafkaDeadLetterRedactor(deadLetters, vault),
    async close() {
      try {
        await bus.close();
      } finally {
        await keys.close();
      }
    },
  };
}
