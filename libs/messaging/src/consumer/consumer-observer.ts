/**
 * What became of one message handed to a `runConsumer` consumer:
 * - `processed`: its effect committed, with its id marked;
 * - `duplicate`: its id was already marked, nothing ran;
 * - `retried`: an attempt failed, another follows after a backoff;
 * - `dead-lettered`: published to the dead-letter topic, the partition moves on;
 * - `redelivered`: left uncommitted for the bus to deliver again (the dedup store or the
 *   dead-letter publish failed, or the consumer is stopping during a backoff).
 */
export type ConsumerOutcomeKind =
  'processed' | 'duplicate' | 'retried' | 'dead-lettered' | 'redelivered';

/** One outcome, with where the message came from. Never the message's key or value. */
export interface ConsumerOutcome {
  readonly kind: ConsumerOutcomeKind;
  /** The consumer's name: the one its processed ids are marked under (`groupId` by default). */
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number | undefined;
  /** Error code of the failure (`retried`, `dead-lettered`, `redelivered`), e.g. `DIALECT.INVALID_PAYLOAD`. */
  readonly errorCode?: string;
}

/** Messages of one partition that a consumer group has not committed yet. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** High watermark minus the group's committed offset, >= 0. */
  readonly messages: number;
}

/**
 * Listens to a consumer, for metrics. Called synchronously on the consumer's path: keep it cheap.
 * An observer that throws is ignored (a metrics bug must never dead-letter a message).
 */
export interface ConsumerObserver {
  onOutcome?(outcome: ConsumerOutcome): void;
  /** The group's lag on its topic, every partition, each time the lag probe was read. */
  onLag?(groupId: string, lags: readonly PartitionLag[]): void;
}

/** Calls `notify`, swallowing whatever the observer throws. */
export function notifyObserver(notify: () => void): void {
  try {
    notify();
  } catch {
    // An observer is for metrics: its failure is not the message's.
  }
}
