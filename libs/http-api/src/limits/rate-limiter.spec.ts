import { RateLimiter } from './rate-limiter';

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function takeMany(limiter: RateLimiter, caller: string, count: number): boolean[] {
  return Array.from({ length: count }, () => limiter.take(caller).allowed);
}

describe('RateLimiter (one token bucket per caller)', () => {
  it('lets a burst through at once, then refuses with the seconds until a token is back', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perSecond: 2, burst: 3, now: clock.now });
    expect(takeMany(limiter, 'key:a', 3)).toEqual([true, true, true]);
    expect(limiter.take('key:a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(250);
    expect(limiter.take('key:a').allowed).toBe(false);
    clock.advance(250); // 500 ms at 2 per second: one token
    expect(limiter.take('key:a').allowed).toBe(true);
    expect(limiter.take('key:a').allowed).toBe(false);
  });

  it('sustains perSecond and never holds more than the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 5, now: clock.now });
    takeMany(limiter, 'ip:1', 5);
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms += 25) {
      clock.advance(25);
      if (limiter.take('ip:1').allowed) allowed += 1;
    }
    expect(allowed).toBe(100); // 10 s at 10 per second
    clock.advance(60_000);
    expect(takeMany(limiter, 'ip:1', 6)).toEqual([true, true, true, true, true, false]);
  });

  it('gives a whole number of seconds, at least 1, however slow the rate', () => {
    const clock = manualClock();
    const slow = new RateLimiter({ perSecond: 0.1, burst: 1, now: clock.now });
    slow.take('key:a');
    expect(slow.take('key:a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.advance(2_500);
    expect(slow.take('key:a')).toEqual({ allowed: false, retryAfterSeconds: 8 });
    const fast = new RateLimiter({ perSecond: 1000, burst: 1, now: clock.now });
    fast.take('key:a');
    expect(fast.take('key:a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps callers apart: one refused, the others untouched at the same instant', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perSecond: 1, burst: 2, now: clock.now });
    expect(takeMany(limiter, 'key:a', 5)).toEqual([true, true, false, false, false]);
    expect(takeMany(limiter, 'key:b', 2)).toEqual([true, true]);
    expect(limiter.take('ip:127.0.0.1').allowed).toBe(true);
  });

  it('forgets a caller once its bucket would be full again, and only then', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 20, now: clock.now });
    for (let caller = 0; caller < 1000; caller += 1) limiter.take(`key:${caller}`);
    expect(limiter.size).toBe(1000);
    clock.advance(1_999); // 20 tokens at 10 per second: full after 2 s
    limiter.take('key:late');
    expect(limiter.size).toBe(1001);
    clock.advance(1);
    limiter.take('key:late');
    expect(limiter.size).toBe(1);
  });

  it('tracks at most maxCallers, forgetting the least recently seen', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, maxCallers: 3, now: clock.now });
    limiter.take('key:a');
    limiter.take('key:b');
    limiter.take('key:c');
    expect(limiter.take('key:a').allowed).toBe(false); // seen again: now the most recent
    limiter.take('key:d');
    expect(limiter.size).toBe(3);
    expect(limiter.take('key:a').allowed).toBe(false); // kept
    expect(limiter.take('key:b').allowed).toBe(true); // forgotten: a fresh bucket
  });

  it('refuses a rate or a burst that cannot let anything through', () => {
    expect(() => new RateLimiter({ perSecond: 0, burst: 10 })).toThrow(RangeError);
    expect(() => new RateLimiter({ perSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
