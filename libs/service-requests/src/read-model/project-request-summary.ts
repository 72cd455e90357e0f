import type { ServiceRequestEvent } from '@maillage/domain';
import type { RecordedEvent } from '@maillage/event-store';
import { toDomainEvent } from '../persistence/service-request.repository';
import type { RequestSummary } from './request-summary';

/** The request an event is about (every canonical event names it in `data.requestId`). */
export function requestIdOf(event: RecordedEvent): string {
  const requestId = event.data['requestId'];
  return typeof requestId === 'string' ? requestId : '';
}

/**
 * Folds one recorded event into a request's summary. Pure: a rebuild from position zero gives
 * the same summaries byte for byte. Returns null for events that do not start a request.
 */
export function projectRequestSummary(
  summary: RequestSummary | null,
  recorded: RecordedEvent,
): RequestSummary | null {
  const event: ServiceRequestEvent = toDomainEvent(recorded);
  const touch = { updatedAt: recorded.recordedAt, revision: recorded.revision };
  if (event.type === 'RequestFiled') {
    const { data } = event;
    return {
      id: data.requestId,
      source: data.source,
      channel: data.channel,
      category: data.category,
      description: data.description,
      location: data.location,
      status: 'received',
      lifecycle: 'open',
      targets: [],
      externalReferences: [],
      lastRawStatus: null,
      routing: null,
      commentCount: 0,
      filedAt: data.filedAt,
      ...touch,
    };
  }
  if (!summary) return null;
  switch (event.type) {
    case 'RequestRouted':
      return {
        ...summary,
        ...touch,
        status: 'routed',
        targets: event.data.targets,
        routing: { rule: event.data.rule, reason: event.data.reason },
      };
    case 'RequestAcknowledged':
      return {
        ...summary,
        ...touch,
        status: summary.status === 'routed' ? 'acknowledged' : summary.status,
        externalReferences: [
          ...summary.externalReferences.filter((ref) => ref.authority !== event.data.authority),
          { authority: event.data.authority, reference: event.data.externalReference },
        ],
      };
    case 'StatusChanged':
      return {
        ...summary,
        ...touch,
        status: event.data.to,
        lastRawStatus: { authority: event.data.authority, ...event.data.raw },
      };
    case 'CommentAdded':
      return { ...summary, ...touch, commentCount: summary.commentCount + 1 };
    case 'RequestTransferred':
      return {
        ...summary,
        ...touch,
        externalReferences: summary.externalReferences.filter(
          (ref) => ref.authority !== event.data.from,
        ),
      };
    case 'RequestClosed':
      return {
        ...summary,
        ...touch,
        status: event.data.outcome,
        lifecycle: 'closed',
        lastRawStatus: event.data.raw
          ? { authority: event.data.authority, ...event.data.raw }
          : summary.lastRawStatus,
      };
    case 'RequestReopened':
      return { ...summary, ...touch, status: 'in_progress', lifecycle: 'open' };
    default:
      return { ...summary, ...touch };
  }
}
