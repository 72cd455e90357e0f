/**
 * What a verification can find, each located as precisely as the evidence allows:
 * - `hash_mismatch`: the event's content (data, personal, metadata, type, recordedAt, revision,
 *   stream…) no longer hashes to its stored hash — a changed byte;
 * - `chain_break`: the event's `previousHash` is not the stored hash of the event before it in
 *   its stream — that one was rewritten (and re-hashed), or the chain was spliced;
 * - `event_missing`: revisions of a stream are absent — deleted events (located at the first
 *   event after the gap);
 * - `event_out_of_order`: a revision appears after a later one of its stream — swapped or moved
 *   events, or an event inserted behind later ones;
 * - `revision_duplicate`: the same revision of a stream twice — an inserted copy;
 * - `position_out_of_order`: positions not strictly increasing (a bundle edited by hand);
 * - `checkpoint_mismatch`: the log up to a signed checkpoint's position no longer has its root or
 *   size — events rewritten with valid hashes, inserted, deleted or swapped in
 *   (`afterPosition`, `position`];
 * - `log_truncated`: the log ends before the events a signed checkpoint covers;
 * - `checkpoint_signature_invalid`: a checkpoint whose signature does not verify with the key.
 */
export type FindingKind =
  | 'hash_mismatch'
  | 'chain_break'
  | 'event_missing'
  | 'event_out_of_order'
  | 'revision_duplicate'
  | 'position_out_of_order'
  | 'checkpoint_mismatch'
  | 'log_truncated'
  | 'checkpoint_signature_invalid';

export interface Finding {
  readonly kind: FindingKind;
  /** Global position of the event at fault (or of the checkpoint). */
  readonly position: number;
  readonly streamId?: string;
  readonly revision?: number;
  readonly eventId?: string;
  /** For checkpoint findings: the fault lies in (afterPosition, position]. */
  readonly afterPosition?: number;
  readonly detail: string;
}

export type CheckpointStatus = 'verified' | 'mismatch' | 'truncated' | 'signature_invalid';

export interface CheckpointVerdict {
  readonly position: number;
  readonly count: number;
  /** Where the checkpoint came from: `store`, `file`, `bundle`. */
  readonly source: string;
  readonly status: CheckpointStatus;
}

export interface VerificationReport {
  /** True when nothing was found. */
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streams: number;
  /** Position of the last event read (0 for an empty log). */
  readonly lastPosition: number;
  /** Merkle root of the whole log read (hex). */
  readonly root: string;
  readonly checkpoints: readonly CheckpointVerdict[];
  /** The findings, by position; at most `maxFindings` of them (see `findingCount`). */
  readonly findings: readonly Finding[];
  readonly findingCount: number;
}
