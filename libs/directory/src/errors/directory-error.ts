import type { DirectoryErrorCode } from './directory-error-code';

/**
 * A directory input or data file that cannot be used. Never retriable: the directory is pure
 * after load, so the same input against the same data always fails the same way.
 */
export class DirectoryError extends Error {
  readonly retriable = false as const;

  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    /** The input field at fault (dotted path, e.g. `location.inseeCode`), or null. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
