import { performance } from 'node:perf_hooks';
import { type EventStore, WrongExpectedRevisionError } from '@maillage/event-store';
import type { AppendMetrics } from './append.metrics';

const INSTRUMENTED = Symbol('maillage.appendsInstrumented');

/**
 * Measures every append of `store`, whoever calls it: the instance's `appendToStream` is replaced
 * by a timed wrapper around the original. The store is created (and injected into the command
 * handlers) by the service-requests module, so wrapping the instance is how its callers get
 * measured without knowing about metrics. Idempotent; behaviour and errors are unchanged.
 */
export function instrumentAppends(store: EventStore, metrics: AppendMetrics): void {
  const marked = store as EventStore & { [INSTRUMENTED]?: true };
  if (marked[INSTRUMENTED]) return;
  marked[INSTRUMENTED] = true;
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (streamId, events, options) => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    try {
      const result = await append(streamId, events, options);
      if (result.duplicate) metrics.observe('duplicate', seconds(), []);
      else
        metrics.observe(
          'appended',
          seconds(),
          events.map((event) => event.type),
        );
      return result;
    } catch (error) {
      metrics.observe(
        error instanceof WrongExpectedRevisionError ? 'conflict' : 'failed',
        seconds(),
        [],
      );
      throw error;
    }
  };
}
