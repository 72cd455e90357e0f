import { streamIdFor } from '@maillage/domain';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import type { HistoryFilter } from './history-filter';
import { authoritiesInvolvedBy, categoryFiledBy } from './involvement';
import { DEFAULT_PAGE_SIZE, readLog, readStreamPaged } from './read-log';

export interface ReplayOptions {
  /** Events read per round trip (default `DEFAULT_PAGE_SIZE`). */
  readonly pageSize?: number;
}

/**
 * The events a filter selects, oldest first (position order), read page by page: memory holds
 * two pages at most (`readLog`), whatever the size of the log. A request's history reads its stream only. Filters on
 * the request (authority, category) need the whole request known before its first event is
 * emitted — a filing comes before the routing that involves the target — so they take two passes
 * over the log up to the head read at the start: the first collects the matching streams (their
 * ids only: memory grows with the number of matching requests, not of events), the second
 * replays them. Events appended meanwhile are left for the next replay.
 */
export async function* replayHistory(
  store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  filter: HistoryFilter,
  options: ReplayOptions = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const keep = eventPredicate(filter);
  if (filter.requestId !== undefined) {
    const streamId = streamIdFor(filter.requestId);
    let matches = filter.authority === undefined && filter.category === undefined;
    if (!matches) {
      matches = (await selectStreams(readStreamPaged(store, streamId, pageSize), filter)).has(
        streamId,
      );
    }
    if (!matches) return;
    for await (const event of readStreamPaged(store, streamId, pageSize)) {
      if (keep(event)) yield event;
    }
    return;
  }
  const head = await store.headPosition();
  let streams: ReadonlySet<string> | null = null;
  if (filter.authority !== undefined || filter.category !== undefined) {
    streams = await selectStreams(readLog(store, { upTo: head, pageSize }), filter);
    if (streams.size === 0) return;
  }
  for await (const event of readLog(store, { upTo: head, pageSize })) {
    if ((streams === null || streams.has(event.streamId)) && keep(event)) yield event;
  }
}

/** The streams whose requests match the filter's authority and category. */
export async function selectStreams(
  events: AsyncIterable<RecordedEvent>,
  filter: HistoryFilter,
): Promise<Set<string>> {
  const involved = new Set<string>();
  const inCategory = new Set<string>();
  for await (const event of events) {
    if (
      filter.authority !== undefined &&
      !involved.has(event.streamId) &&
      authoritiesInvolvedBy(event).includes(filter.authority)
    ) {
      involved.add(event.streamId);
    }
    if (filter.category !== undefined && categoryFiledBy(event) === filter.category) {
      inCategory.add(event.streamId);
    }
  }
  if (filter.authority === undefined) return inCategory;
  if (filter.category === undefined) return involved;
  return new Set([...involved].filter((streamId) => inCategory.has(streamId)));
}

/** The criteria that each event decides alone: type and recording time. */
function eventPredicate(filter: HistoryFilter): (event: RecordedEvent) => boolean {
  const from = filter.from === undefined ? null : periodBoundMs(filter.from);
  const to = filter.to === undefined ? null : periodBoundMs(filter.to);
  const types = filter.types && filter.types.length > 0 ? new Set(filter.types) : null;
  // Compared as instants: `toISOString()` strings sort as instants only between years 0 and 9999.
  return (event) =>
    (from === null || Date.parse(event.recordedAt) >= from) &&
    (to === null || Date.parse(event.recordedAt) <= to) &&
    (types === null || types.has(event.type));
}

/** Milliseconds since the epoch of a period bound; a RangeError when it is not a date. */
export function periodBoundMs(value: string): number {
  const date = new Date(value);
  date.toISOString();
  return date.getTime();
}
