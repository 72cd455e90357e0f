/** Stable codes of the personal-data lib's errors. None is retriable: they need an operator. */
export type PersonalDataErrorCode =
  /** The key store was sealed under another hub secret (MAILLAGE_HUB_SECRET changed). */
  | 'PERSONAL_DATA.KEY_MISMATCH'
  /** A live key does not open a stored personal part: the ciphertext or the key was altered. */
  | 'PERSONAL_DATA.UNREADABLE'
  /** A personal part to store has no pseudonymous `subjectId` to key it by. */
  | 'PERSONAL_DATA.INVALID';

/**
 * A failure of the personal data's encryption. Messages name events, subjects and keys by their
 * ids, never a value of the personal data.
 */
export class PersonalDataError extends Error {
  readonly retriable = false as const;

  constructor(
    readonly code: PersonalDataErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PersonalDataError';
  }
}
