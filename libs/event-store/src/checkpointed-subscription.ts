import type { CheckpointStore } from './checkpoint-store.port';
import type { EventHandler, EventStore, Subscription } from './event-store.port';

export interface CheckpointedSubscriptionOptions {
  /** Save the checkpoint after every `saveEvery` handled events (default 1: after each). */
  readonly saveEvery?: number;
  /** Events fetched per round trip while catching up (default: the store's, 500). */
  readonly batchSize?: number;
}

/**
 * Subscribes `handler` to the store's global log from the subscriber's saved checkpoint, and
 * moves the checkpoint forward as events are handled.
 *
 * Guarantee: at-least-once. The checkpoint is saved only after the handler resolved for that
 * event (every `saveEvery` events, and once more when the subscription stops or fails), so an
 * event whose effect is done is never skipped after a restart; but a crash between the effect and
 * the save — up to `saveEvery` events — replays those events. Handlers must therefore drop
 * duplicates by `eventId` (or save the checkpoint in the same transaction as their effect and
 * call this with a checkpoint store on that transaction).
 *
 * `stop()` resolves once the in-flight event is handled and the last checkpoint saved; `done`
 * rejects when the handler, the store or a checkpoint save failed.
 */
export async function checkpointedSubscription(
  store: EventStore,
  checkpoints: CheckpointStore,
  subscriberName: string,
  handler: EventHandler,
  options: CheckpointedSubscriptionOptions = {},
): Promise<Subscription> {
  const saveEvery = Math.max(1, options.saveEvery ?? 1);
  let saved = await checkpoints.load(subscriberName);
  let handled = saved;
  let unsaved = 0;

  const save = async (): Promise<void> => {
    if (handled === saved) return;
    const position = handled;
    await checkpoints.save(subscriberName, position);
    saved = position;
  };

  const inner = store.subscribeToAll(
    async (event) => {
      await handler(event);
      handled = event.position;
      unsaved += 1;
      if (unsaved >= saveEvery) {
        unsaved = 0;
        await save();
      }
    },
    { after: saved, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) },
  );

  // Whatever ended the subscription, keep the progress made so far; the original failure wins.
  const done = inner.done.then(save, async (error: unknown) => {
    await save().catch(() => undefined);
    throw error;
  });

  return {
    get position() {
      return inner.position;
    },
    async stop() {
      await inner.stop();
      await done.catch(() => undefined);
    },
    done,
  };
}
