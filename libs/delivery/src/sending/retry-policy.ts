/** The longest `Retry-After` honoured: a receiver cannot park a connector's queue for days. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * Wait before retry number `retry` (1 for the first): a full-jitter draw in
 * `[0, schedule[retry - 1]]`, so that receivers coming back up are not hit by every sender at
 * once. Null when the schedule is exhausted: the message goes to the dead letters.
 */
export function retryDelayMs(
  schedule: readonly number[],
  retry: number,
  random: () => number = Math.random,
): number | null {
  const ceiling = schedule[retry - 1];
  return ceiling === undefined ? null : Math.floor(random() * (ceiling + 1));
}

/**
 * `Retry-After` (RFC 9110: delay-seconds or an HTTP-date) as milliseconds from `now`, capped at
 * `MAX_RETRY_AFTER_MS`; null when absent or unreadable (the schedule applies then).
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}
