/** Why an erasure was refused; nothing was destroyed or recorded. Not retriable. */
export type ErasureErrorCode =
  /** A field of the erasure is missing or wrong (`field` names it). */
  | 'ERASURE.INVALID'
  /** No key, tombstone or request of the hub ever belonged to this subject. */
  | 'ERASURE.SUBJECT_UNKNOWN';

export class ErasureError extends Error {
  readonly retriable = false as const;

  constructor(
    readonly code: ErasureErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ErasureError';
  }
}
