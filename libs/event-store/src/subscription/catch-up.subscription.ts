import type {
  EventHandler,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { EventStoreError } from '../errors/event-store.error';

/** What a polling catch-up subscription needs from a store whose log it can page through. */
export interface PollableLog {
  /** `readAll` of the store: events strictly after `after`, in position order. */
  readAll(options: { after: number; maxCount: number }): Promise<RecordedEvent[]>;
  /**
   * Registers a callback fired when new events may be there (this process appended, or a
   * LISTEN/NOTIFY arrived). Returns the unregister function. Wake-ups are hints: polling every
   * `pollIntervalMs` still finds what other processes appended if a hint is lost.
   */
  onAppended(wake: () => void): () => void;
  readonly pollIntervalMs: number;
}

const DEFAULT_BATCH_SIZE = 500;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Catch-up subscription over any store whose `readAll` honours the port's guarantee (positions
 * strictly increasing in commit order, no later-appearing lower position). It reads a batch, hands
 * each event to the handler one at a time and awaits it, then reads on; when the log is
 * exhausted it sleeps until a wake-up or the poll interval.
 *
 * Guarantees: each event is handed at most once per subscription, in position order; `position`
 * only grows. A position that does not grow is a store bug and stops the subscription loudly
 * rather than delivering out of order.
 * Failures: a handler error stops the subscription and rejects `done`. A retriable store error
 * (database restarting, lock timeout) is retried with backoff up to 5 s apart, forever; any other
 * store error stops it. An unobserved rejected `done` is an unhandled rejection: watch it.
 */
export function catchUpSubscription(
  log: PollableLog,
  handler: EventHandler,
  options: SubscribeOptions = {},
): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let position = options.after ?? 0;
  let stopping = false;
  // Set by every wake-up; cleared before each read, so a wake-up that arrives while a read is in
  // flight is not lost: the loop reads again instead of sleeping.
  let woken = false;
  let interruptSleep: (() => void) | null = null;
  const wake = (): void => {
    woken = true;
    interruptSleep?.();
  };
  const unregister = log.onAppended(wake);

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (woken || stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        interruptSleep = null;
        resolve();
      }
      interruptSleep = done;
    });

  const run = async (): Promise<void> => {
    let retryDelay = log.pollIntervalMs;
    while (!stopping) {
      woken = false;
      let batch: RecordedEvent[];
      try {
        batch = await log.readAll({ after: position, maxCount: batchSize });
        retryDelay = log.pollIntervalMs;
      } catch (error) {
        if (!(error instanceof EventStoreError && error.retriable)) throw error;
        await sleep(retryDelay);
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_DELAY_MS);
        continue;
      }
      for (const event of batch) {
        if (stopping) return;
        if (event.position <= position) {
          throw new Error(
            `store delivered position ${event.position} after ${position}: refusing to reorder`,
          );
        }
        await handler(event);
        position = event.position;
      }
      if (batch.length < batchSize) await sleep(log.pollIntervalMs);
    }
  };

  const done = run().finally(unregister);
  return {
    get position() {
      return position;
    },
    async stop() {
      stopping = true;
      interruptSleep?.();
      await done.catch(() => undefined);
    },
    done,
  };
}
