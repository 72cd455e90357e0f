/** Why a retention operation was refused; nothing was recorded or destroyed. Not retriable. */
export type RetentionErrorCode =
  /** The retention policy file does not hold a valid policy (at boot). */
  | 'RETENTION.INVALID_POLICY'
  /** A field of an approval is missing or wrong (`field` names it). */
  | 'RETENTION.INVALID'
  /** An approval names a request this hub does not hold. */
  | 'RETENTION.UNKNOWN_REQUEST'
  /** An approval names a request whose retention period is not over (or that is not closed). */
  | 'RETENTION.NOT_DUE';

export class RetentionError extends Error {
  readonly retriable = false as const;

  constructor(
    readonly code: RetentionErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'RetentionError';
  }
}
