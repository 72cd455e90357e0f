import type { ErasureLegalBasis } from '@maillage/domain';

/** An erasure as asked: whose data, on what legal basis, for whom. */
export interface ErasureRequest {
  /** The citizen's pseudonymous id (`personal.subjectId` of their filings). */
  readonly subjectId: string;
  readonly legalBasis: ErasureLegalBasis;
  /** Who asks: a service or role and a reference — never the citizen's own contact. */
  readonly requester: string;
  /** The contact the subject id was derived from, when the caller gave one: never stored. */
  readonly contact?: string;
  /** How it reached the hub, for the security log (default: the admin API). */
  readonly via?: OperationChannel;
}

/** Who ran an operation and through what, as the security log names them. */
export interface OperationChannel {
  /** `admin` (the admin token) or `cli` (the command line on the hub's host). */
  readonly principal: string;
  /** `POST /v1/citizens/erasure`, `maillage erase`, … */
  readonly attempt: string;
}

/** One request that held the citizen's data. */
export interface ErasedRequest {
  readonly requestId: string;
  readonly streamId: string;
  /** Its events whose personal part was the citizen's (now unreadable). */
  readonly eventsWithPersonalData: number;
  /** `recorded` by this call, or `already_recorded` by an earlier erasure of the same citizen. */
  readonly erasureEvent: 'recorded' | 'already_recorded';
}

/** What an erasure did; the answer of `POST /v1/citizens/erasure` and `maillage erase`. */
export interface ErasureReport {
  readonly subjectId: string;
  /** The erasure that destroyed the key: this one, or the earlier one when it already was. */
  readonly erasureId: string;
  readonly erasedAt: string;
  readonly legalBasis: ErasureLegalBasis;
  readonly requester: string;
  /** False when there was no live key left (already erased): nothing more became unreadable. */
  readonly keyDestroyed: boolean;
  readonly requests: readonly ErasedRequest[];
  /** Copies outside the event store blanked out, by kind (dead letters…). */
  readonly redacted: readonly { readonly name: string; readonly count: number }[];
  readonly counts: {
    readonly requests: number;
    readonly eventsWithPersonalData: number;
    readonly erasureEventsRecorded: number;
    readonly copiesRedacted: number;
  };
}
