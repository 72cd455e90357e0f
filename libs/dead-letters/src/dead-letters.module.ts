import {
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { DLQ_TOPIC_SPEC, KafkaMessageBus, kafkaBusOptions } from '@maillage/messaging';
import { PersonalDataRedactors } from '@maillage/personal-data';

import { kafkaDeadLetterRedactor } from './erasure/dead-letter.redactor';
import { DeadLetters } from './inspection/dead-letters';
import type { DeadLetterKeyStore } from './keys/dead-letter-key-store.port';
import { openDeadLetterKeyStore } from './keys/open-dead-letter-key-store';
import { DeadLetterVault } from './sealing/dead-letter-vault';

const DEAD_LETTER_KEY_STORE = Symbol('DEAD_LETTER_KEY_STORE');
const DEAD_LETTER_BUS = Symbol('DEAD_LETTER_BUS');
/** How often keys past the topic's retention are deleted. */
const EXPIRY_MS = 3600 * 1000;

/**
 * The Kafka dead letters, with Kafka configured (else every provider is null): the vault that
 * seals them (`DeadLetterVault`, for `runConsumer`'s `deadLetterSealer`), their inspection and
 * replay (`DeadLetters`), their erasure (a redactor registered with the erasure's), and the
 * hourly expiry of their keys with `maillage.dlq.v1`'s retention, as the broker applies it.
 */
@Module({
  providers: [
    {
      provide: DEAD_LETTER_KEY_STORE,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): Promise<DeadLetterKeyStore> | null =>
        config.kafka ? openDeadLetterKeyStore(config.personalData.keyStore) : null,
    },
    {
      provide: DEAD_LETTER_BUS,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): KafkaMessageBus | null =>
        config.kafka ? new KafkaMessageBus(kafkaBusOptions(config.kafka, 'dead-letters')) : null,
    },
    {
      provide: DeadLetterVault,
      inject: [MAILLAGE_CONFIG, DEAD_LETTER_KEY_STORE],
      useFactory: (config: MaillageConfig, keys: DeadLetterKeyStore | null) =>
        keys ? new DeadLetterVault(keys, config.hubSecret, DLQ_TOPIC_SPEC.name) : null,
    },
    {
      provide: DeadLetters,
      inject: [DEAD_LETTER_BUS, DeadLetterVault, DEAD_LETTER_KEY_STORE],
      useFactory: (
        bus: KafkaMessageBus | null,
        vault: DeadLetterVault | null,
        keys: DeadLetterKeyStore | null,
      ) => (bus && vault && keys ? new DeadLetters(bus, vault, keys, DLQ_TOPIC_SPEC.name) : null),
    },
  ],
  exports: [DeadLetterVault, DeadLetters],
})
export class DeadLettersModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DeadLetters');
  private expiry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DEAD_LETTER_KEY_STORE) private readonly keys: DeadLetterKeyStore | null,
    @Inject(DEAD_LETTER_BUS) private readonly bus: KafkaMessageBus | null,
    @Inject(DeadLetterVault) private readonly vault: DeadLetterVault | null,
    @Inject(DeadLetters) private readonly deadLetters: DeadLetters | null,
    /** The erasure's redactors (from ServiceRequestsModule), when the app erases citizens. */
    @Optional() private readonly redactors?: PersonalDataRedactors,
  ) {}

  async onModuleInit(): Promise<void> {
    const { vault, deadLetters } = this;
    if (!vault || !deadLetters) return;
    this.redactors?.register(kafkaDeadLetterRedactor(deadLetters, vault));
    await this.expire(vault);
    this.expiry = setInterval(() => void this.expire(vault), EXPIRY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.expiry) clearInterval(this.expiry);
    await this.bus?.close();
    await this.keys?.close();
  }

  private async expire(vault: DeadLetterVault): Promise<void> {
    try {
      const retentionMs = await dlqRetentionMs(this.bus, this.logger);
      // Kept without a time limit: so are their keys (an erasure still destroys them).
      if (retentionMs === null) return;
      const expired = await vault.expire(retentionMs);
      if (expired > 0) this.logger.log(`${expired} dead-letter key(s) expired with the topic`);
    } catch (error) {
      this.logger.warn(`dead-letter key expiry failed: ${String((error as Error).message)}`);
    }
  }
}

/**
 * How long `maillage.dlq.v1` keeps its records, as the broker says: an operator may have changed
 * it since the hub created the topic, and a key deleted before its letter leaves the topic would
 * make that letter unreadable while it can still be inspected. The hub's own setting (30 days)
 * when the topic does not exist yet (it will be created so, with the first letter) or when the
 * broker cannot be asked (the next hourly run asks again); null: no time limit.
 */
export async function dlqRetentionMs(
  bus: Pick<KafkaMessageBus, 'retentionMs'> | null,
  logger: Pick<Logger, 'warn'>,
): Promise<number | null> {
  if (!bus) return DLQ_TOPIC_SPEC.retentionMs;
  try {
    const retentionMs = await bus.retentionMs(DLQ_TOPIC_SPEC.name);
    return retentionMs === undefined ? DLQ_TOPIC_SPEC.retentionMs : retentionMs;
  } catch (error) {
    logger.warn(
      `could not read the retention of ${DLQ_TOPIC_SPEC.name} (${String((error as Error).message)}): keys expire after ${DLQ_TOPIC_SPEC.retentionMs} ms`,
    );
    return DLQ_TOPIC_SPEC.retentionMs;
  }
}
