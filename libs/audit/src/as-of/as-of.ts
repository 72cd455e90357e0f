import { streamIdFor } from '@maillage/domain';
import type { EventStore, RecordedEvent } from '@maillage/event-store';
import { projectRequestSummary, type RequestSummary } from '@maillage/service-requests';
import { authoritiesInvolvedBy } from '../replay/involvement';
import { readLog, readStreamPaged } from '../replay/read-log';

/** `at` as the hub writes `recordedAt` (UTC, milliseconds), so that strings compare as instants. */
export function asOfInstant(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`${String(at)}: not a date-time`);
  return date.toISOString();
}

/**
 * The request as the read model showed it at `at`: its events recorded at or before `at`
 * folded with the read model's own projection, so the shape is exactly `RequestSummary`. Null
 * when the request did not exist yet (or never did).
 */
export async function requestAsOf(
  store: Pick<EventStore, 'readStream'>,
  requestId: string,
  at: string | Date,
): Promise<RequestSummary | null> {
  const instant = asOfInstant(at);
  let summary: RequestSummary | null = null;
  for await (const event of readStreamPaged(store, streamIdFor(requestId))) {
    if (event.recordedAt <= instant) summary = projectRequestSummary(summary, event);
  }
  return summary;
}

/**
 * Every request that involved `authority` by `at` (filed by it, routed or transferred to it, or
 * acted on by it), as it stood at `at`, newest filing first (the read model's list order). Two
 * passes over the log: the first finds the requests, the second folds only those.
 */
export async function authorityAsOf(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  authority: string,
  at: string | Date,
): Promise<RequestSummary[]> {
  const instant = asOfInstant(at);
  const head = await store.headPosition();
  const until = (event: RecordedEvent) => event.recordedAt <= instant;
  const involved = new Set<string>();
  for await (const event of readLog(store, { upTo: head })) {
    if (until(event) && authoritiesInvolvedBy(event).includes(authority)) {
      involved.add(event.streamId);
    }
  }
  const summaries = new Map<string, RequestSummary | null>();
  for await (const event of readLog(store, { upTo: head })) {
    if (!until(event) || !involved.has(event.streamId)) continue;
    summaries.set(
      event.streamId,
      projectRequestSummary(summaries.get(event.streamId) ?? null, event),
    );
  }
  return [...summaries.values()]
    .filter((summary): summary is RequestSummary => summary !== null)
    .sort((a, b) =>
      a.filedAt === b.filedAt ? compare(a.id, b.id) : compare(b.filedAt, a.filedAt),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
