// A failure counter per key over a sliding window: after `limit` failures within `windowMs`
// the key is refused until the oldest failure leaves the window. The clock is passed in.

export class FailureThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  allowed(key: string): boolean {
    return this.recent(key).length < this.limit;
  }

  /** Milliseconds until the key is allowed again (0 when allowed). */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    return list.length < this.limit ? 0 : list[0] + this.windowMs - this.now();
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
