import { streamIdFor } from '@maillage/domain';
import type {
  EventStore,
  StoredEventPage,
  StoredLogReader,
  StoredLogSelection,
} from '@maillage/event-store';
import type { HistoryFilter } from './history-filter';
import { DEFAULT_PAGE_SIZE, readLog, readStreamPaged } from './read-log';
import { periodBoundMs, type ReplayOptions, selectStreams } from './replay-history';
import { storedPageToNdjson } from './stored-event-ndjson';

/**
 * `replayHistory` for a store that hands out its log as stored: the same events in the same
 * order, as NDJSON chunks of whole lines (`storedPageToNdjson`), each chunk one page. The period,
 * the types and the streams are selected by the store; the requests an authority or a category
 * selects are found as `replayHistory` finds them (a first pass over the log through the port,
 * `selectStreams`), then read as stored. Memory: the store reads a couple of pages ahead and no
 * further, plus, for an authority or a category, the ids of the matching streams.
 */
export async function* storedHistoryNdjson(
  store: StoredLogReader & Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  filter: HistoryFilter,
  options: ReplayOptions = {},
): AsyncGenerator<{ readonly chunk: Buffer; readonly lines: number }> {
  for await (const page of storedHistoryPages(store, filter, options)) {
    yield { chunk: storedPageToNdjson(page), lines: page.length };
  }
}

async function* storedHistoryPages(
  store: StoredLogReader & Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  filter: HistoryFilter,
  options: ReplayOptions,
): AsyncGenerator<StoredEventPage> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const byRequest = filter.authority !== undefined || filter.category !== undefined;
  const selection = {
    ...instantMs('recordedFromMs', filter.from),
    ...instantMs('recordedToMs', filter.to),
    ...(filter.types && filter.types.length > 0 ? { types: filter.types } : {}),
  } satisfies Partial<StoredLogSelection>;
  if (filter.requestId !== undefined) {
    const streamId = streamIdFor(filter.requestId);
    if (byRequest) {
      const streams = await selectStreams(readStreamPaged(store, streamId, pageSize), filter);
      if (!streams.has(streamId)) return;
    }
    // As `readStreamPaged`: the whole stream, whatever the head was when the replay started.
    yield* store.readStoredLog({
      ...selection,
      streamIds: [streamId],
      upTo: Number.MAX_SAFE_INTEGER,
    });
    return;
  }
  const head = await store.headPosition();
  if (!byRequest) {
    yield* store.readStoredLog({ ...selection, upTo: head });
    return;
  }
  const streams = await selectStreams(readLog(store, { upTo: head, pageSize }), filter);
  if (streams.size === 0) return;
  yield* store.readStoredLog({ ...selection, streamIds: [...streams], upTo: head });
}

/** A period bound as `replayHistory` reads it (`periodBoundMs`), under `key` when given. */
function instantMs<K extends string>(key: K, value: string | undefined): { [P in K]?: number } {
  if (value === undefined) return {};
  return { [key]: periodBoundMs(value) } as { [P in K]?: number };
}
