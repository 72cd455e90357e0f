import { type AuthorityId, isAuthorityId, requestIdFromStreamId } from '@maillage/domain';
import type { RecordedEvent } from '@maillage/event-store';

/** What retention needs to know of a request, read from its stream as stored (no personal data). */
export interface RequestRetention {
  readonly requestId: string;
  readonly streamId: string;
  readonly category: string;
  /** The authority that collected the data (where the request was filed). */
  readonly origin: AuthorityId;
  /**
   * When the hub recorded its last `RequestClosed`, if no `RequestReopened` came after it: the
   * start of the retention period. Null while the request is open.
   */
  readonly closedAt: string | null;
  /** The subjects whose personal data the stream holds, and the events that hold it. */
  readonly subjects: ReadonlyMap<string, readonly string[]>;
}

/** Folds a request's stream (as stored: personal parts sealed) into its retention facts. */
export function requestRetentionOf(events: readonly RecordedEvent[]): RequestRetention | null {
  const filing = events[0];
  if (!filing || filing.type !== 'RequestFiled') return null;
  const requestId = requestIdFromStreamId(filing.streamId);
  const category = filing.data['category'];
  const origin = (filing.data['source'] as { authority?: unknown } | undefined)?.authority;
  if (!requestId || typeof category !== 'string' || !isAuthorityId(origin)) return null;
  let closedAt: string | null = null;
  const subjects = new Map<string, string[]>();
  for (const event of events) {
    if (event.type === 'RequestClosed') closedAt = event.recordedAt;
    if (event.type === 'RequestReopened') closedAt = null;
    const subjectId = event.personal?.['subjectId'];
    if (typeof subjectId === 'string') {
      subjects.set(subjectId, [...(subjects.get(subjectId) ?? []), event.eventId]);
    }
  }
  return { requestId, streamId: filing.streamId, category, origin, closedAt, subjects };
}
