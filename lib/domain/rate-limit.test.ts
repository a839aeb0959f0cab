import { describe, expect, it } from "vitest";
import { retryAfterSeconds, TokenBucketLimiter } from "./rate-limit";

const clock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

describe("TokenBucketLimiter", () => {
  it("allows a minute's allowance at once, then refuses with the time until one request fits", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(60, c.now);
    for (let i = 0; i < 60; i++) expect(limiter.take("k").allowed).toBe(true);
    const refused = limiter.take("k");
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    c.advance(999);
    expect(limiter.take("k").allowed).toBe(false);
    c.advance(1);
    expect(limiter.take("k")).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("refills continuously at the steady rate and never above the allowance", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(600, c.now);
    for (let i = 0; i < 600; i++) limiter.take("k");
    c.advance(10_000); // 100 ms per request at 600/min → 100 requests
    let allowed = 0;
    while (limiter.take("k").allowed) allowed++;
    expect(allowed).toBe(100);
    c.advance(3_600_000);
    expect(limiter.take("k").remaining).toBe(599);
  });

  it("keeps one bucket per key", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(2, c.now);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("is unlimited when the allowance is 0", () => {
    const limiter = new TokenBucketLimiter(0);
    for (let i = 0; i < 10_000; i++) expect(limiter.take("k").allowed).toBe(true);
  });

  it("survives a clock that steps back", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(1, c.now);
    expect(limiter.take("k").allowed).toBe(true);
    c.advance(-30_000);
    expect(limiter.take("k").allowed).toBe(false);
    c.advance(90_000);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("bounds memory, forgetting full buckets first and never the key in use", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter(10, c.now, 3);
    limiter.take("busy");
    limiter.take("a");
    c.advance(60_000); // a and busy are full again
    for (let i = 0; i < 5; i++) limiter.take("hot");
    limiter.take("b");
    limiter.take("c");
    expect(limiter.size).toBeLessThanOrEqual(3);
    // "hot" kept its state: 5 of 10 used
    expect(limiter.take("hot").remaining).toBe(4);
  });
});

describe("retryAfterSeconds", () => {
  it("rounds up to whole seconds, at least 1", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
