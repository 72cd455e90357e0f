// The public surface of @maillage/dialects. Nothing else in this lib is meant to be imported.

export {
  DIALECT_IDS,
  type CanonicalEventView,
  type DecodeResult,
  type DecodedFiling,
  type DecodedUpdate,
  type Dialect,
  type DialectContext,
  type DialectId,
  type DialectIssue,
  type EncodeContext,
  type NativeMessage,
  type RequestReference,
  type SourceTime,
} from './dialect';
export { DIALECT_ISSUE_CODES, type DialectIssueCode } from './dialect-issue-code';
export type { InboundEncoder } from './inbound-encoder';
export { DIALECTS, dialectById, dialectFor, isDialectId } from './dialect-registry';

export { communeV1 } from './commune/commune.dialect';
export { epciV1 } from './epci/epci.dialect';
export { departementV1 } from './departement/departement.dialect';
export { open311V2 } from './open311/open311.dialect';

export { open311Services, type Open311ServiceDescription } from './open311/open311-services';
export { open311Errors, open311RequestCreated, type Open311Error } from './open311/open311-errors';
export {
  renderOpen311ServiceRequest,
  type Open311RequestView,
  type Open311ServiceRequest,
} from './open311/open311-service-request';
export { OPEN311_HUB_ID_ATTRIBUTE } from './open311/open311.encode';

export { isKnownTimeZone } from './time/zone-offset';
export { VocabularyError } from './vocabulary/vocabulary-error';
export type { StatusEntry, Vocabulary, VocabularyEntry } from './vocabulary/vocabulary';
export { COMMUNE_VOCABULARY } from './commune/commune.vocabulary';
export { EPCI_VOCABULARY } from './epci/epci.vocabulary';
export { DEPARTEMENT_VOCABULARY } from './departement/departement.vocabulary';
export {
  OPEN311_VOCABULARY,
  type Open311Service,
  type Open311Vocabulary,
} from './open311/open311.vocabulary';
