import type { Actor } from '../../events/event-metadata';
import type { ErasureLegalBasis } from '../../erasure/erasure-legal-basis';

/**
 * Records, on a request that held a citizen's data, that this data was erased (their key already
 * destroyed). The actor is the hub acting for the authority that collected the data (the
 * request's origin), without a connector.
 */
export interface RecordErasure {
  readonly type: 'RecordErasure';
  readonly actor: Actor;
  readonly subjectId: string;
  readonly erasureId: string;
  readonly legalBasis: ErasureLegalBasis;
  readonly requester: string;
}
