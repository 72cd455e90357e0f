import {
  excludeSystemEvents,
  START,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';

import type { EventHandler, SubscribeOptions, Subscription } from '../event-store.port';
import { fromEsdbEvent, isSystemEvent } from './esdb-envelope';
import { translateEsdbError } from './translate-esdb-error';

/**
 * Catch-up subscription on ESDB's $all (the server catches up, then pushes live events), with the
 * port's semantics: strictly after `after`, system events filtered out, one event at a time —
 * the async iterator applies backpressure to the gRPC stream while the handler runs.
 * `stop()` unsubscribes (ending the iteration even when idle) and resolves after the event in
 * flight. A handler or server error ends it and rejects `done`; reconnecting is left to whoever
 * restarts it from its checkpoint.
 */
export function esdbSubscription(
  client: EventStoreDBClient,
  handler: EventHandler,
  options: SubscribeOptions = {},
): Subscription {
  let position = options.after ?? 0;
  let stopping = false;
  const stream: AllStreamSubscription = client.subscribeToAll({
    fromPosition: position > 0 ? { commit: BigInt(position), prepare: BigInt(position) } : START,
    filter: excludeSystemEvents(),
  });

  const run = async (): Promise<void> => {
    try {
      for await (const resolved of stream) {
        if (stopping) return;
        const event = resolved.event;
        if (event === undefined || isSystemEvent(event)) continue;
        const recorded = fromEsdbEvent(event);
        if (recorded.position <= position) continue; // the start position itself, if inclusive
        await handler(recorded);
        position = recorded.position;
      }
    } catch (error) {
      if (stopping) return; // cancelling the gRPC call surfaces as an error: expected
      throw translateEsdbError(error);
    }
  };

  const done = run().finally(() => stream.unsubscribe().catch(() => undefined));
  return {
    get position() {
      return position;
    },
    async stop() {
      stopping = true;
      await stream.unsubscribe().catch(() => undefined);
      await done.catch(() => undefined);
    },
    done,
  };
}
