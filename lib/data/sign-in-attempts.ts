import { db, dbReady, writeTransaction, type Tx } from "../db";
import {
  accountKey,
  afterFailure,
  afterRefusal,
  isAuditMilestone,
  pairKey,
  WINDOW_MS,
  type FailureCounter,
  type ThrottleCounters,
  type ThrottleScope,
} from "../domain/sign-in-guard";
import { audit } from "./audit";

// The sign-in throttle's counters (lib/domain/sign-in-guard.ts decides), in the SignInThrottle
// table: shared by every instance, kept across restarts. Failed sign-ins are counted here, not
// written one audit row each: the audit log gets a row at the 1st, 10th, 100th… attempt of an
// account's window, saying how many so far (the log stays append-only; the live count is here).
// Two instances counting the same failure at once may lose one count (read, then write): a
// throttle a little generous under a race, never a stuck one.

type Row = { scope: string; key: string; failures: number; refused: number; windowStart: bigint; lastFailureAt: bigint };

const toCounter = (r: Row | undefined): FailureCounter | null =>
  r ? { failures: r.failures, refused: r.refused, windowStart: Number(r.windowStart), lastFailureAt: Number(r.lastFailureAt) } : null;

const keysOf = (email: string, address: string): Record<ThrottleScope, string> => ({
  address,
  pair: pairKey(email, address),
  account: accountKey(email),
});

async function read(client: Pick<Tx, "signInThrottle">, email: string, address: string): Promise<ThrottleCounters> {
  const keys = keysOf(email, address);
  const rows = await client.signInThrottle.findMany({
    where: { OR: (Object.keys(keys) as ThrottleScope[]).map((scope) => ({ scope, key: keys[scope] })) },
  });
  const find = (scope: ThrottleScope) => toCounter(rows.find((r) => r.scope === scope && r.key === keys[scope]));
  return { address: find("address"), pair: find("pair"), account: find("account") };
}

/** The counters that bear on a sign-in to `email` from `address`. */
export async function signInCounters(email: string, address: string): Promise<ThrottleCounters> {
  await dbReady();
  return read(db, email, address);
}

async function save(tx: Tx, scope: ThrottleScope, key: string, c: FailureCounter) {
  const data = { failures: c.failures, refused: c.refused, windowStart: BigInt(c.windowStart), lastFailureAt: BigInt(c.lastFailureAt) };
  await tx.signInThrottle.upsert({ where: { scope_key: { scope, key } }, create: { scope, key, ...data }, update: data });
}

async function auditIfMilestone(tx: Tx, email: string, account: FailureCounter, latest: string) {
  const attempts = account.failures + account.refused;
  if (!isAuditMilestone(attempts)) return;
  const since = new Date(account.windowStart).toISOString();
  await audit(tx, {
    actor: "anonymous",
    action: "auth.signin_failed",
    target: accountKey(email).slice(0, 200),
    reason: `${attempts} failed sign-in${attempts === 1 ? "" : "s"} since ${since} (${account.refused} refused by the throttle); latest: ${latest}`,
    after: { failures: account.failures, refused: account.refused, windowStart: since },
  });
}

/** Counts a wrong password (or inactive account) for the address, the pair and the account. */
export async function recordSignInFailure(email: string, address: string, now: number): Promise<void> {
  await writeTransaction(async (tx) => {
    const keys = keysOf(email, address);
    const current = await read(tx, email, address);
    for (const scope of ["address", "pair", "account"] as const) await save(tx, scope, keys[scope], afterFailure(current[scope], now));
    await auditIfMilestone(tx, email, afterFailure(current.account, now), "bad credentials or inactive account");
    // rows whose window ended long ago say nothing any more
    await tx.signInThrottle.deleteMany({ where: { lastFailureAt: { lt: BigInt(now - 2 * WINDOW_MS) } } });
  });
}

/** Counts an attempt the throttle turned away (on the account only: it does not move any wait). */
export async function recordSignInRefusal(email: string, address: string, now: number, reason: string): Promise<void> {
  await writeTransaction(async (tx) => {
    const current = await read(tx, email, address);
    const next = afterRefusal(current.account, now);
    await save(tx, "account", accountKey(email), next);
    await auditIfMilestone(tx, email, next, `throttled (${reason})`);
  });
}

/** A successful sign-in clears that address's failures for the account. */
export async function recordSignInSuccess(email: string, address: string): Promise<void> {
  await writeTransaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { scope: "pair", key: pairKey(email, address) } });
  });
}
