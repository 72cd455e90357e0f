export type DeadLettersErrorCode =
  /** No such dead letter on the topic (never was, expired, or hidden from the caller). */
  | 'DEAD_LETTER.NOT_FOUND'
  /** Its key was destroyed by an erasure: the payload is gone for good, nothing to replay. */
  | 'DEAD_LETTER.ERASED'
  /** Sealed under a key this hub does not hold (expired, or another hub's). */
  | 'DEAD_LETTER.KEY_UNKNOWN'
  /** The key does not open it: altered. */
  | 'DEAD_LETTER.UNREADABLE'
  /** A bad id or filter. */
  | 'DEAD_LETTER.INVALID';

/** An error of the dead-letter tooling: a stable code, and whether trying again can help. */
export class DeadLettersError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: DeadLettersErrorCode,
    message: string,
    options?: { readonly cause?: unknown; readonly field?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeadLettersError';
    this.field = options?.field;
  }

  readonly field: string | undefined;
}
