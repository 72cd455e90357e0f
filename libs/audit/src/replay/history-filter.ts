/**
 * Which events a history replays; every criterion given must hold (they combine with AND).
 * Without any, the whole log.
 */
export interface HistoryFilter {
  /** Only the events of this request. */
  readonly requestId?: string;
  /**
   * Only the events of requests that involved this authority at some point of the log: filed by
   * it, routed or transferred to it, or acted on by it — the whole history of those requests,
   * including what happened before it was involved.
   */
  readonly authority?: string;
  /** Only events recorded at or after this instant (ISO 8601). */
  readonly from?: string;
  /** Only events recorded at or before this instant (ISO 8601). */
  readonly to?: string;
  /** Only events of these types. */
  readonly types?: readonly string[];
  /** Only events of requests filed in this category. */
  readonly category?: string;
}
