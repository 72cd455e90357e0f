/** Exponential backoff between the attempts at handling one message. */
export interface RetryBackoff {
  /** Delay before the second attempt (default 200 ms). */
  readonly initialDelayMs: number;
  /** Cap of any delay (default 10000 ms). */
  readonly maxDelayMs: number;
  /** Growth factor from one delay to the next (default 2). */
  readonly multiplier: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = {
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  multiplier: 2,
};

/**
 * Delay before attempt `attempt` (2 for the first retry): initial × multiplier^(attempt − 2),
 * capped, plus up to 10 % random jitter so that members retrying the same failing dependency
 * do not do it in lockstep.
 */
export function backoffDelay(
  backoff: RetryBackoff,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    backoff.maxDelayMs,
    backoff.initialDelayMs * backoff.multiplier ** Math.max(0, attempt - 2),
  );
  return Math.round(base * (1 + 0.1 * random()));
}
