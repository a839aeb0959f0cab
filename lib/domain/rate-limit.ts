// A token bucket per key: `perMinute` requests fill the bucket, which refills continuously, so a
// client may burst up to a minute's allowance and then keeps the steady rate. Pure: the clock is
// passed in; nothing here reads a database.

export interface RateDecision {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When refused: milliseconds until one request fits again (0 when allowed). */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private buckets = new Map<string, Bucket>();

  /** `perMinute` <= 0 means unlimited. `maxKeys` bounds memory: full buckets are forgotten first. */
  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  private get ratePerMs() {
    return this.perMinute / 60_000;
  }

  private level(b: Bucket | undefined, now: number): number {
    if (!b) return this.perMinute;
    return Math.min(this.perMinute, b.tokens + Math.max(0, now - b.at) * this.ratePerMs);
  }

  take(key: string, cost = 1): RateDecision {
    if (this.perMinute <= 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterMs: 0 };
    const now = this.now();
    const tokens = this.level(this.buckets.get(key), now);
    if (tokens >= cost) {
      this.store(key, { tokens: tokens - cost, at: now });
      return { allowed: true, remaining: Math.floor(tokens - cost), retryAfterMs: 0 };
    }
    this.store(key, { tokens, at: now });
    return { allowed: false, remaining: 0, retryAfterMs: Math.ceil((cost - tokens) / this.ratePerMs) };
  }

  private store(key: string, bucket: Bucket) {
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    const now = this.now();
    for (const [k, b] of this.buckets) if (this.level(b, now) >= this.perMinute) this.buckets.delete(k);
    // Still too many busy keys: drop the oldest entries (Map keeps insertion order).
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      if (k !== key) this.buckets.delete(k);
    }
  }

  /** How many keys are tracked (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }
}

/** Seconds for a Retry-After header: whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
