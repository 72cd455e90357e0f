import type { EventStore, RecordedEvent } from '@maillage/event-store';

export interface ReadLogOptions {
  /** Start strictly after this position (default 0). */
  readonly after?: number;
  /** Stop after this position, inclusive (default: wherever the log ends while reading). */
  readonly upTo?: number;
  /** Events fetched per round trip (default `DEFAULT_PAGE_SIZE`). */
  readonly pageSize?: number;
}

/** Events per round trip of a replay or a verification (`bench:replay`: 2000 beats 500 by ~40 %). */
export const DEFAULT_PAGE_SIZE = 2000;

/**
 * The global log in position order, at most two pages in memory: while the consumer takes the
 * events of one page, the next one is being read (the store works while this process formats), and
 * the page after that is only requested once the consumer has taken every event of the current
 * one — so a slow consumer (a socket under back-pressure) holds the read, not memory.
 */
export async function* readLog(
  store: Pick<EventStore, 'readAll'>,
  options: ReadLogOptions = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  let next: Promise<RecordedEvent[]> | null = store.readAll({
    after: options.after ?? 0,
    maxCount: pageSize,
  });
  try {
    while (next) {
      const page: RecordedEvent[] = await next;
      next = null;
      const last = page.at(-1);
      if (last && page.length === pageSize && last.position < upTo) {
        next = store.readAll({ after: last.position, maxCount: pageSize });
        // Settled by the next `await`, or dropped if the consumer stops first: never unhandled.
        next.catch(() => undefined);
      }
      for (const event of page) {
        if (event.position > upTo) return;
        yield event;
      }
    }
  } finally {
    // A consumer that stops early leaves no query running behind it.
    await next?.catch(() => undefined);
  }
}

/** A stream's events in revision order, one page in memory at a time. */
export async function* readStreamPaged(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<RecordedEvent> {
  let fromRevision = 0;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision, maxCount: pageSize });
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    fromRevision = last.revision + 1;
  }
}
