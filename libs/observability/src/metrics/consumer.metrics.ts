import { Counter, Gauge, type Registry } from 'prom-client';
import type {
  ConsumerObserver,
  ConsumerOutcome,
  ConsumerOutcomeKind,
  PartitionLag,
} from '@maillage/messaging';

/** Outcomes that end a message's handling, as the `outcome` label spells them. */
const FINAL_OUTCOMES: Partial<Record<ConsumerOutcomeKind, string>> = {
  processed: 'processed',
  duplicate: 'duplicate',
  'dead-lettered': 'dead_lettered',
};

/**
 * Metrics of the consumers run with `runConsumer`: pass this object as its `observer` (with a
 * `lagProbe` for the lag). Labels are names and codes, bounded sets: never ids or offsets.
 */
export class ConsumerMetrics implements ConsumerObserver {
  private readonly messages: Counter<'consumer' | 'topic' | 'outcome'>;
  private readonly deadLetters: Counter<'consumer' | 'code' | 'source_topic'>;
  private readonly retries: Counter<'consumer' | 'topic' | 'code'>;
  private readonly redeliveries: Counter<'consumer' | 'topic' | 'code'>;
  private readonly lag: Gauge<'group' | 'topic' | 'partition'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messages = new Counter({
      name: 'maillage_consumer_messages_total',
      help: 'Messages a consumer is done with: processed (effect committed), duplicate (dropped by event id) or dead_lettered',
      labelNames: ['consumer', 'topic', 'outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'maillage_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by consumer, error code and source topic',
      labelNames: ['consumer', 'code', 'source_topic'],
      registers,
    });
    this.retries = new Counter({
      name: 'maillage_consumer_retries_total',
      help: 'Failed attempts followed by another attempt after a backoff, by error code',
      labelNames: ['consumer', 'topic', 'code'],
      registers,
    });
    this.redeliveries = new Counter({
      name: 'maillage_consumer_redeliveries_total',
      help: 'Messages left uncommitted for the bus to deliver again (dedup store or dead-letter publish failed, or stopping)',
      labelNames: ['consumer', 'topic', 'code'],
      registers,
    });
    this.lag = new Gauge({
      name: 'maillage_consumer_lag_messages',
      help: 'Messages of a partition not committed by the consumer group yet (high watermark − committed offset)',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
  }

  onOutcome({ kind, consumer, topic, errorCode }: ConsumerOutcome): void {
    const code = errorCode ?? 'UNCLASSIFIED';
    const outcome = FINAL_OUTCOMES[kind];
    if (outcome) this.messages.inc({ consumer, topic, outcome });
    if (kind === 'dead-lettered') this.deadLetters.inc({ consumer, code, source_topic: topic });
    else if (kind === 'retried') this.retries.inc({ consumer, topic, code });
    else if (kind === 'redelivered') this.redeliveries.inc({ consumer, topic, code });
  }

  onLag(group: string, lags: readonly PartitionLag[]): void {
    for (const { topic, partition, messages } of lags) {
      this.lag.set({ group, topic, partition: String(partition) }, messages);
    }
  }
}
