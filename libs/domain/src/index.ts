// The public surface of @maillage/domain. Nothing else in this lib is meant to be imported.

export type { Actor, EventMetadata } from './events/event-metadata';
export type { PersonalData } from './events/personal-data';

export { CANONICAL_STATUSES, type CanonicalStatus } from './status/canonical-status';
export { CLOSE_OUTCOMES, type CloseOutcome } from './status/close-outcome';
export { LEGAL_TRANSITIONS, isLegalTransition } from './status/legal-transitions';
export type { RawStatus } from './status/raw-status';

export {
  AUTHORITY_ID_PATTERN,
  isAuthorityId,
  parseAuthorityId,
  type AuthorityId,
  type AuthorityLevel,
} from './authority/authority-id';

export type { Attachment } from './request/attachment';
export { CHANNELS, type Channel } from './request/channel';
export type { Location } from './request/location';
export type { RequestSource } from './request/request-source';
export type { RoutingDecision } from './request/routing-decision';
export type { RuleReference } from './request/rule-reference';

export type { CommentAdded } from './events/comment-added.event';
export type { RequestAcknowledged } from './events/request-acknowledged.event';
export type { RequestClosed } from './events/request-closed.event';
export type { RequestFiled } from './events/request-filed.event';
export type { RequestReopened } from './events/request-reopened.event';
export type { RequestRouted } from './events/request-routed.event';
export type { RequestTransferred } from './events/request-transferred.event';
export type { StatusChanged } from './events/status-changed.event';
export type { PersonalDataErased } from './events/personal-data-erased.event';
export { ERASURE_LEGAL_BASES, type ErasureLegalBasis } from './erasure/erasure-legal-basis';
export {
  SERVICE_REQUEST_EVENT_TYPES,
  type ServiceRequestEvent,
  type ServiceRequestEventType,
} from './events/service-request-event';

export type { AcknowledgeRequest } from './commands/acknowledge-request/acknowledge-request.command';
export type { AddComment } from './commands/add-comment/add-comment.command';
export type { ChangeStatus } from './commands/change-status/change-status.command';
export type { CloseRequest } from './commands/close-request/close-request.command';
export type { FileRequest } from './commands/file-request/file-request.command';
export type { ReopenRequest } from './commands/reopen-request/reopen-request.command';
export type { TransferRequest } from './commands/transfer-request/transfer-request.command';
export type { RecordErasure } from './commands/record-erasure/record-erasure.command';
export type { ServiceRequestCommand } from './commands/service-request-command';
export { decide } from './commands/decide';

export type {
  EmptyRequestState,
  FiledRequestState,
  ServiceRequestState,
} from './state/service-request-state';
export { initialState } from './state/initial-state';
export { evolve } from './state/evolve';
export { foldEvents } from './state/fold-events';

export { DomainError } from './errors/domain-error';
export type { DomainErrorCode } from './errors/domain-error-code';

export {
  REQUEST_STREAM_PREFIX,
  requestIdFromStreamId,
  streamIdFor,
} from './stream/request-stream-id';
