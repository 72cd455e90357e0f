import type { CommentAdded } from './comment-added.event';
import type { PersonalDataErased } from './personal-data-erased.event';
import type { RequestAcknowledged } from './request-acknowledged.event';
import type { RequestClosed } from './request-closed.event';
import type { RequestFiled } from './request-filed.event';
import type { RequestReopened } from './request-reopened.event';
import type { RequestRouted } from './request-routed.event';
import type { RequestTransferred } from './request-transferred.event';
import type { StatusChanged } from './status-changed.event';

/**
 * Every canonical event (v1) of a request stream, without metadata (the application layer adds
 * it). Published meanings never change: a new shape is a new version, upcast at read time.
 */
export type ServiceRequestEvent =
  | RequestFiled
  | RequestRouted
  | RequestAcknowledged
  | StatusChanged
  | CommentAdded
  | RequestTransferred
  | RequestClosed
  | RequestReopened
  | PersonalDataErased;

export type ServiceRequestEventType = ServiceRequestEvent['type'];

// A record, not a list, so that the compiler rejects a missing, unknown or repeated type.
const EVENT_TYPES: Readonly<Record<ServiceRequestEventType, true>> = {
  RequestFiled: true,
  RequestRouted: true,
  RequestAcknowledged: true,
  StatusChanged: true,
  CommentAdded: true,
  RequestTransferred: true,
  RequestClosed: true,
  RequestReopened: true,
  PersonalDataErased: true,
};

/** Every event type, each once, in lifecycle order. */
export const SERVICE_REQUEST_EVENT_TYPES: readonly ServiceRequestEventType[] = Object.freeze(
  Object.keys(EVENT_TYPES) as ServiceRequestEventType[],
);
