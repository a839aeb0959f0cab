import { describe, expect, it } from "vitest";
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  afterFailure,
  afterRefusal,
  backoffMs,
  isAuditMilestone,
  MAX_BACKOFF_MS,
  PAIR_LIMIT,
  signInVerdict,
  WINDOW_MS,
  type FailureCounter,
  type ThrottleCounters,
} from "./sign-in-guard";

// The rules on explicit counters and times; the database-backed attack scenario is in
// lib/auth/sign-in-throttle.test.ts.

const T0 = 1_700_000_000_000;
const failed = (n: number, at = T0): FailureCounter => {
  let c: FailureCounter | null = null;
  for (let i = 0; i < n; i++) c = afterFailure(c, at);
  return c!;
};
const none: ThrottleCounters = { address: null, pair: null, account: null };

describe("signInVerdict", () => {
  it("lets a first attempt through", () => {
    expect(signInVerdict(none, T0)).toEqual({ allowed: true });
  });

  it("stops one address after 5 failures for an account, until that window ends", () => {
    const pair = failed(PAIR_LIMIT);
    expect(signInVerdict({ ...none, pair: failed(PAIR_LIMIT - 1) }, T0).allowed).toBe(true);
    expect(signInVerdict({ ...none, pair }, T0 + 1000)).toEqual({
      allowed: false,
      reason: "account_address",
      retryAfterMs: WINDOW_MS - 1000,
    });
    expect(signInVerdict({ ...none, pair }, T0 + WINDOW_MS).allowed).toBe(true);
  });

  it("stops one address after 30 failures over all accounts", () => {
    expect(signInVerdict({ ...none, address: failed(ADDRESS_LIMIT) }, T0)).toMatchObject({ allowed: false, reason: "address" });
    expect(signInVerdict({ ...none, address: failed(ADDRESS_LIMIT - 1) }, T0).allowed).toBe(true);
  });

  it("under attack, an address that never failed for the account goes straight through", () => {
    const account = failed(500, T0 - 1000); // failures a second ago from everywhere else
    expect(signInVerdict({ address: null, pair: null, account }, T0)).toEqual({ allowed: true });
  });

  it("under attack, an address that failed waits a backoff counted on its own failures: 15 s, 30 s, 1 min, 2 min", () => {
    const account = failed(ACCOUNT_LIMIT);
    expect([1, 2, 3, 4, 5, 9].map(backoffMs)).toEqual([15_000, 30_000, 60_000, 120_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
    const pair = failed(2, T0);
    expect(signInVerdict({ address: null, pair, account }, T0 + 10_000)).toEqual({
      allowed: false,
      reason: "account",
      retryAfterMs: 20_000,
    });
    expect(signInVerdict({ address: null, pair, account }, T0 + 30_000).allowed).toBe(true);
    // not under attack: the same address is not held up
    expect(signInVerdict({ address: null, pair, account: failed(ACCOUNT_LIMIT - 1) }, T0 + 1).allowed).toBe(true);
  });

  it("other addresses' failures never move an address's wait", () => {
    const pair = failed(1, T0);
    let account = failed(ACCOUNT_LIMIT, T0);
    const before = signInVerdict({ address: null, pair, account }, T0 + 5_000);
    for (let i = 1; i <= 100; i++) account = afterFailure(account, T0 + i * 100);
    expect(signInVerdict({ address: null, pair, account }, T0 + 5_000)).toEqual(before);
    expect(signInVerdict({ address: null, pair, account }, T0 + 15_000).allowed).toBe(true);
  });
});

describe("counters", () => {
  it("a failure after the window starts a new one", () => {
    const c = afterFailure(failed(7, T0), T0 + WINDOW_MS);
    expect(c).toEqual({ failures: 1, refused: 0, windowStart: T0 + WINDOW_MS, lastFailureAt: T0 + WINDOW_MS });
  });

  it("a refusal is counted without moving the window or the last failure", () => {
    expect(afterRefusal(failed(3, T0), T0 + 500)).toEqual({ failures: 3, refused: 1, windowStart: T0, lastFailureAt: T0 });
    expect(afterRefusal(null, T0)).toMatchObject({ failures: 0, refused: 1 });
  });

  it("audits the 1st, 10th, 100th and 1000th attempt of a window only", () => {
    const milestones = Array.from({ length: 2000 }, (_, i) => i + 1).filter(isAuditMilestone);
    expect(milestones).toEqual([1, 10, 100, 1000]);
    expect(isAuditMilestone(0)).toBe(false);
  });
});
