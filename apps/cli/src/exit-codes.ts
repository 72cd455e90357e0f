/** Exit codes of `maillage` (sysexits.h where one fits). */
export const EXIT = {
  ok: 0,
  /** `verify` found tampering (or a damaged bundle). */
  tampered: 1,
  /** Bad command line. */
  usage: 2,
  /** The bundle, file or data given cannot be read (EX_DATAERR). */
  dataError: 65,
  /** The event store cannot be reached (EX_UNAVAILABLE). */
  unavailable: 69,
  /** Anything else that failed (EX_SOFTWARE). */
  failure: 70,
  /** Invalid configuration (EX_CONFIG). */
  config: 78,
} as const;
