import type {
  ProcessOutcome,
  ProcessedMessages,
  TransactionalEffect,
} from './processed-messages.port';

/**
 * The transaction of the in-memory store: the effect registers its state changes with
 * `onCommit`, and they are applied — with the processed mark — only if the effect resolved.
 */
export interface InMemoryTransaction {
  onCommit(apply: () => void): void;
}

/**
 * Processed messages in memory, for tests and for in-memory read models on the embedded hub.
 * Forgets everything on restart, as do the read models it protects.
 */
export class InMemoryProcessedMessages implements ProcessedMessages<InMemoryTransaction> {
  private readonly processed = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  async processOnce(
    consumer: string,
    messageId: string,
    effect: TransactionalEffect<InMemoryTransaction>,
  ): Promise<ProcessOutcome> {
    const key = JSON.stringify([consumer, messageId]);
    for (let running = this.inFlight.get(key); running; running = this.inFlight.get(key)) {
      await running.catch(() => undefined);
    }
    if (this.processed.has(key)) return 'duplicate';
    const commits: (() => void)[] = [];
    const run = Promise.resolve().then(() => effect({ onCommit: (apply) => commits.push(apply) }));
    this.inFlight.set(key, run);
    try {
      await run;
    } finally {
      this.inFlight.delete(key);
    }
    this.processed.add(key);
    for (const apply of commits) apply();
    return 'processed';
  }

  /** Whether `(consumer, messageId)` is marked processed. */
  has(consumer: string, messageId: string): boolean {
    return this.processed.has(JSON.stringify([consumer, messageId]));
  }
}
