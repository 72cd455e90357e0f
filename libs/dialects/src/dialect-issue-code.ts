/**
 * The stable codes of a `DialectIssue`. Tools may branch on them; the HTTP layer maps any of them
 * to a 400 (RFC 9457 problem details, or the Open311 error list) and records nothing.
 */
export const DIALECT_ISSUE_CODES = [
  /** A required field is missing (or null). */
  'DIALECT.REQUIRED',
  /** The value has the wrong JSON type (a number where a string was expected, an array, ...). */
  'DIALECT.TYPE',
  /** The value has the right type but not the right shape (a date, an e-mail, an INSEE code). */
  'DIALECT.FORMAT',
  /** A string or a list is longer than the hub accepts. */
  'DIALECT.TOO_LONG',
  /** A number is outside its range (a latitude beyond 90). */
  'DIALECT.OUT_OF_RANGE',
  /** A code that the dialect's vocabulary does not know (a category, a status, a channel). */
  'DIALECT.UNKNOWN_VALUE',
  /** A field the dialect does not define, or one that does not belong to this kind of message. */
  'DIALECT.UNKNOWN_FIELD',
  /** A local time that does not exist (skipped when clocks go forward), or a bad time zone. */
  'DIALECT.NONEXISTENT_TIME',
  /** Fields that are fine alone but not together (a latitude without a longitude). */
  'DIALECT.CONFLICT',
  /** A message this dialect cannot carry at all (an update in Open311 GeoReport v2). */
  'DIALECT.UNSUPPORTED',
  /** The decoder failed unexpectedly: a bug, reported as bad input rather than thrown. */
  'DIALECT.UNREADABLE',
] as const;

export type DialectIssueCode = (typeof DIALECT_ISSUE_CODES)[number];
