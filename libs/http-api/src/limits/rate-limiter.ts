import { performance } from 'node:perf_hooks';

export interface RateLimiterOptions {
  /** Tokens added per second: the sustained rate of one caller. */
  readonly perSecond: number;
  /** Capacity of a bucket: how many calls a caller idle for a while may make at once. */
  readonly burst: number;
  /**
   * Callers tracked at once (default 100 000). Past it the least recently seen is forgotten,
   * which can only let that caller start again with a full bucket: memory stays bounded even
   * under a flood of made-up key ids.
   */
  readonly maxCallers?: number;
  /** Monotonic clock in milliseconds (default `performance.now`); tests give their own. */
  readonly now?: () => number;
}

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  readonly tokens: number;
  readonly at: number;
}

/**
 * One token bucket per caller. Each call takes a token; tokens come back at `perSecond` up to
 * `burst`. A bucket left alone long enough to be full again is the same as no bucket, so it is
 * forgotten: the map holds only the callers seen within the last `burst / perSecond` seconds
 * (and at most `maxCallers`). Callers never share a bucket, so one caller being refused changes
 * nothing for another.
 */
export class RateLimiter {
  /** Least recently seen first: a Map iterates in insertion order and each call re-inserts. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly msPerToken: number;
  private readonly fullAfterMs: number;
  private readonly maxCallers: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError('RateLimiter: perSecond must be > 0 and burst >= 1');
    }
    this.msPerToken = 1000 / options.perSecond;
    this.fullAfterMs = options.burst * this.msPerToken;
    this.maxCallers = options.maxCallers ?? 100_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes a token from `caller`'s bucket, or says how long until one is back. */
  take(caller: string): RateDecision {
    const now = this.now();
    this.forgetFullBuckets(now);
    const bucket = this.buckets.get(caller);
    const tokens = bucket
      ? Math.min(this.options.burst, bucket.tokens + Math.max(0, now - bucket.at) / this.msPerToken)
      : this.options.burst;
    this.buckets.delete(caller);
    if (tokens >= 1) {
      this.buckets.set(caller, { tokens: tokens - 1, at: now });
      this.forgetOverflow();
      return { allowed: true };
    }
    this.buckets.set(caller, { tokens, at: now });
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * this.msPerToken) / 1000)),
    };
  }

  /** Callers currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  /** From the least recently seen on: stops at the first caller still short of a full bucket. */
  private forgetFullBuckets(now: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (now - bucket.at < this.fullAfterMs) return;
      this.buckets.delete(caller);
    }
  }

  private forgetOverflow(): void {
    for (const caller of this.buckets.keys()) {
      if (this.buckets.size <= this.maxCallers) return;
      this.buckets.delete(caller);
    }
  }
}
