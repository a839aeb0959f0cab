import { beforeAll, describe, expect, it } from "vitest";
import { throttledSignIn } from "./sign-in-throttle";
import { createUser, verifyCredentials } from "../data/users";
import { db, resetConnections } from "../db";
import { PAIR_LIMIT } from "../domain/sign-in-guard";

// The sign-in throttle against a real database (a SQLite file; PostgreSQL with TEST_DATABASE_URL),
// on a fake clock: the attack that used to lock a user out for good, the state surviving a restart
// (fresh connections, nothing in memory), and failed sign-ins counted rather than audited one by one.
// (1 000 attempts give four rows: 1, 10, 100, 1000 — lib/domain/sign-in-guard.test.ts.)

const T0 = Date.UTC(2030, 0, 1, 0, 0, 0);
const MIN = 60_000;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  await createUser({ email: "ana@test.dev", password: PASSWORD, role: "operator" }, "test");
  await createUser({ email: "bo@test.dev", password: PASSWORD, role: "operator" }, "test");
});

const signIn = (email: string, password: string, address: string, now: number) =>
  throttledSignIn(email, address, () => verifyCredentials(email, password), now);
/** An attacker's wrong guess (the outcome of the password check, without its deliberate cost). */
const guess = (email: string, address: string, now: number) => throttledSignIn(email, address, async () => null, now);

describe("throttledSignIn", () => {
  it("one wrong password a minute from rotating addresses for an hour: the real user gets in at once from a new address", async () => {
    for (let i = 0; i < 60; i++) {
      const r = await guess("ana@test.dev", `203.0.113.${i}`, T0 + i * MIN);
      expect(r.ok).toBe(false);
    }
    // the attacker's last failure was a moment ago; Ana, from an address never seen, is not held up
    const now = T0 + 59 * MIN + 1_000;
    const ana = await signIn("ana@test.dev", PASSWORD, "198.51.100.77", now);
    expect(ana.ok).toBe(true);
  });

  it("under a faster attack (a guess every 10 s), a typo costs the real user 15 seconds, not the attacker's pace", async () => {
    const start = T0 + 2 * 3_600_000;
    for (let i = 0; i < 20; i++) await guess("bo@test.dev", `203.0.113.${100 + i}`, start + i * 10_000);
    const at = start + 19 * 10_000 + 500;
    expect((await signIn("bo@test.dev", "typo", "198.51.100.8", at)).ok).toBe(false);
    const held = await signIn("bo@test.dev", PASSWORD, "198.51.100.8", at + 5_000);
    expect(held).toEqual({ ok: false, retryAfterMs: 10_000 });
    // the attacker keeps going meanwhile: it does not move Bo's wait
    await guess("bo@test.dev", "203.0.113.200", at + 10_000);
    const bo = await signIn("bo@test.dev", PASSWORD, "198.51.100.8", at + 15_000);
    expect(bo.ok).toBe(true);
  });

  it("one address guessing one account is stopped after 5 failures, and that survives a restart", async () => {
    const start = T0 + 5 * 3_600_000;
    for (let i = 0; i < PAIR_LIMIT; i++) expect((await guess("ana@test.dev", "192.0.2.1", start + i)).ok).toBe(false);
    resetConnections(); // a restarted instance: new connections, and the counters are in the database
    const r = await signIn("ana@test.dev", PASSWORD, "192.0.2.1", start + 1_000);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ retryAfterMs: 15 * MIN - 1_000 });
    expect((await signIn("ana@test.dev", PASSWORD, "192.0.2.1", start + 15 * MIN)).ok).toBe(true);
  });

  it("150 failed sign-ins are counted in three audit rows (1st, 10th, 100th) that say how many", async () => {
    const email = "nobody@test.dev";
    const start = T0 + 10 * 3_600_000;
    for (let i = 0; i < 150; i++) await guess(email, `10.0.${Math.floor(i / 4)}.${i % 4}`, start + i * 100);
    const rows = await db.auditEvent.findMany({ where: { action: "auth.signin_failed", target: email }, orderBy: { id: "asc" } });
    expect(rows.map((r) => JSON.parse(r.after!).failures + JSON.parse(r.after!).refused)).toEqual([1, 10, 100]);
    expect(rows[2].reason).toMatch(/^100 failed sign-ins since 2030-01-01T10:00:00.000Z/);
  });
});
