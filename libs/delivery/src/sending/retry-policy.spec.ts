import { MAX_RETRY_AFTER_MS, retryAfterMs, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const schedule = [5000, 30_000, 120_000];

  it('draws each wait with full jitter under its step of the schedule, then gives up', () => {
    expect(retryDelayMs(schedule, 1, () => 0)).toBe(0);
    expect(retryDelayMs(schedule, 1, () => 0.999_999_9)).toBe(5000);
    expect(retryDelayMs(schedule, 2, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(schedule, 3, () => 0.25)).toBe(30_000);
    expect(retryDelayMs(schedule, 4, () => 0.5)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date, capped, and ignores nonsense', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Sun, 29 Nov 2026 10:00:42 GMT', now)).toBe(42_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
