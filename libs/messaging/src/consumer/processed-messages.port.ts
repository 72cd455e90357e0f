/** What `processOnce` did. */
export type ProcessOutcome = 'processed' | 'duplicate';

/** The effect of a message, run inside the store's transaction `tx`. */
export type TransactionalEffect<Tx> = (tx: Tx) => Promise<void>;

/**
 * Which messages a consumer already processed, kept with the consumer's own state so that the
 * effect and the "processed" mark commit together: a crash between the two cannot make a
 * redelivered message apply twice, nor be skipped. This is what turns the bus's at-least-once
 * delivery into exactly-once effects.
 *
 * `Tx` is the store's transaction handle (a SQLite connection, a PostgreSQL client, an
 * in-memory commit hook): the effect writes through it.
 */
export interface ProcessedMessages<Tx> {
  /**
   * Marks `(consumer, messageId)` processed and runs `effect`, in one transaction.
   * - Already marked: runs nothing, resolves `'duplicate'`.
   * - `effect` rejects: rolls back (nothing marked, the effect's writes undone) and rejects with
   *   the effect's error, unchanged.
   * - The store itself fails: rejects with `DedupStoreUnavailableError`, nothing marked.
   * Concurrent calls for the same pair run the effect at most once.
   */
  processOnce(
    consumer: string,
    messageId: string,
    effect: TransactionalEffect<Tx>,
  ): Promise<ProcessOutcome>;
}
