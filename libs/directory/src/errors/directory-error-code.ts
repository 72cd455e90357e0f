/**
 * The closed set of reasons the directory refuses an input or a data file. Codes are stable: the
 * HTTP layer maps them to problem details, the Kafka layer to a dead letter.
 */
export type DirectoryErrorCode =
  /** The INSEE code names no current commune, and no former or sub-municipal code of one. */
  | 'DIRECTORY.UNKNOWN_COMMUNE'
  /** The category code is not in the taxonomy. */
  | 'DIRECTORY.UNKNOWN_CATEGORY'
  /** A taxonomy or competence rules document breaks its schema or its cross-references. */
  | 'DIRECTORY.INVALID_RULES'
  /** The territory data files are missing, unreadable or not shaped as expected. */
  | 'DIRECTORY.INVALID_DATA';
