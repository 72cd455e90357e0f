/**
 * The closed set of reasons the decider refuses a command. Codes are stable: edges map them to
 * HTTP problem details or to a Kafka dead letter, and tools may branch on them.
 */
export type DomainErrorCode =
  /** The command targets a request that was never filed. */
  | 'REQUEST.NOT_FOUND'
  /** A request with this id already exists (a repeated filing). */
  | 'REQUEST.ALREADY_FILED'
  /** The status change is not in `LEGAL_TRANSITIONS`. */
  | 'REQUEST.ILLEGAL_TRANSITION'
  /** The request is closed and the command needs it open. */
  | 'REQUEST.CLOSED'
  /** Only a closed request can be reopened. */
  | 'REQUEST.NOT_CLOSED'
  /** Only an authority the request is currently routed to may do this. */
  | 'REQUEST.NOT_A_TARGET'
  /** The acting authority is neither the origin nor a current target of the request. */
  | 'REQUEST.NOT_INVOLVED'
  /** The authority already acknowledged the request under a different external reference. */
  | 'REQUEST.ALREADY_ACKNOWLEDGED'
  /** The command breaks an invariant the type system cannot express; `field` names it. */
  | 'REQUEST.INVALID';
