import type { EventStore, RecordedEvent } from '@maillage/event-store';

export interface ReadLogOptions {
  /** Start strictly after this position (default 0). */
  readonly after?: number;
  /** Stop after this position, inclusive (default: wherever the log ends while reading). */
  readonly upTo?: number;
  /** Events fetched per round trip (default 500). */
  readonly pageSize?: number;
}

/**
 * The global log in position order, one page in memory at a time: the next page is only fetched
 * when the consumer has taken every event of the current one, so a slow consumer (a socket under
 * back-pressure) holds the read, not memory.
 */
export async function* readLog(
  store: Pick<EventStore, 'readAll'>,
  options: ReadLogOptions = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? 500;
  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  let after = options.after ?? 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page) {
      if (event.position > upTo) return;
      yield event;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.position;
  }
}

/** A stream's events in revision order, one page in memory at a time. */
export async function* readStreamPaged(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  pageSize = 500,
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
