import { describe, expect, it } from "vitest";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, MAX_BACKOFF_MS, PAIR_LIMIT, SignInGuard, WINDOW_MS } from "./sign-in-guard";

const clock = (start = 1_000_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

describe("SignInGuard", () => {
  it("an attacker guessing from one address is stopped after 5 failures for that account", () => {
    const c = clock();
    const g = new SignInGuard(c.now);
    for (let i = 0; i < PAIR_LIMIT; i++) {
      expect(g.check("ana@example.com", "203.0.113.9").allowed).toBe(true);
      g.fail("ana@example.com", "203.0.113.9");
    }
    expect(g.check("ANA@example.com", "203.0.113.9")).toMatchObject({ allowed: false, reason: "account_address" });
    c.advance(WINDOW_MS);
    expect(g.check("ana@example.com", "203.0.113.9").allowed).toBe(true);
  });

  it("one address guessing many accounts is stopped after 30 failures in all", () => {
    const g = new SignInGuard(clock().now);
    for (let i = 0; i < ADDRESS_LIMIT; i++) g.fail(`user${i}@example.com`, "203.0.113.9");
    expect(g.check("someone-else@example.com", "203.0.113.9")).toMatchObject({ allowed: false, reason: "address" });
    expect(g.check("someone-else@example.com", "198.51.100.1").allowed).toBe(true);
  });

  it("the real user signs in from their known address while an attacker hammers the account from many addresses", () => {
    const c = clock();
    const g = new SignInGuard(c.now);
    g.succeed("ana@example.com", "192.0.2.10"); // Ana signed in from here before
    for (let i = 0; i < 200; i++) {
      const address = `203.0.113.${i % 250}`;
      if (g.check("ana@example.com", address).allowed) g.fail("ana@example.com", address);
      c.advance(100);
    }
    expect(g.check("ana@example.com", "192.0.2.10").allowed).toBe(true);
  });

  it("many addresses guessing one account meet a backoff that doubles and stays short (at most a minute)", () => {
    const c = clock();
    const g = new SignInGuard(c.now);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) g.fail("bo@example.com", `203.0.113.${i}`);
    const first = g.check("bo@example.com", "198.51.100.7");
    expect(first).toMatchObject({ allowed: false, reason: "account", retryAfterMs: 1000 });
    for (let i = 0; i < 20; i++) g.fail("bo@example.com", `198.51.100.${i}`);
    const later = g.check("bo@example.com", "198.51.100.99");
    expect(later.allowed).toBe(false);
    if (!later.allowed) expect(later.retryAfterMs).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    // a new address of the real user, never seen: waits at most a minute, not 15
    c.advance(MAX_BACKOFF_MS);
    expect(g.check("bo@example.com", "192.0.2.55").allowed).toBe(true);
  });
});
