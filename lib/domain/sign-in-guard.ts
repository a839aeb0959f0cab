// Sign-in throttling that can neither be dodged nor turned against the real user. Three counters,
// each a fixed window of WINDOW_MS from its first failure:
//  - per client address (any account): ADDRESS_LIMIT failures, then that address waits for the
//    window to end — guessing many accounts from one place is slow;
//  - per account and address: PAIR_LIMIT failures, then that address waits for the window to end
//    for that account — guessing one account from one place is slow, and a typo-prone user only
//    blocks themselves;
//  - per account, from anywhere: once ACCOUNT_LIMIT failures are counted in the window the account
//    is under attack, and each address that has already failed for it waits a backoff counted on
//    that address's own failures (15 s, 30 s, 1 min, 2 min after its last failure). An address that
//    has not failed for the account is never held up, so a stranger's failures — however many
//    addresses they rotate through — cannot extend the real user's wait: from a fresh address they
//    get in at once, and after a typo wait 15 s.
// What this gives up: the account-wide counter no longer caps how fast many addresses together can
// guess one account (each gets its own few attempts); that cap is exactly what let a stranger lock
// the user out. The address limit still bounds each address over all accounts.
// Pure: counters and the clock are passed in (lib/data/sign-in-attempts.ts keeps them in the database).

export const WINDOW_MS = 15 * 60_000;
export const ADDRESS_LIMIT = 30;
export const PAIR_LIMIT = 5;
export const ACCOUNT_LIMIT = 10;
export const BACKOFF_BASE_MS = 15_000;
export const MAX_BACKOFF_MS = 2 * 60_000;

export type ThrottleScope = "address" | "pair" | "account";

/** One window's count; times in epoch milliseconds. */
export interface FailureCounter {
  failures: number;
  /** attempts refused by the throttle (counted on account rows, for the audit summary) */
  refused: number;
  windowStart: number;
  lastFailureAt: number;
}

export interface ThrottleCounters {
  address: FailureCounter | null;
  pair: FailureCounter | null;
  account: FailureCounter | null;
}

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; reason: "address" | "account_address" | "account" };

/** The account's key: emails compare case-insensitively. */
export const accountKey = (email: string) => email.trim().toLowerCase();
/** The key of an account and address pair. */
export const pairKey = (email: string, address: string) => `${accountKey(email)}\n${address}`;

/** The counter while its window is open; null once it has ended (or never began). */
export function liveCounter(c: FailureCounter | null | undefined, now: number): FailureCounter | null {
  return c && now < c.windowStart + WINDOW_MS ? c : null;
}

/** The wait of an address that has failed `failures` times for an account under attack. */
export const backoffMs = (failures: number) => Math.min(MAX_BACKOFF_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));

export function signInVerdict(counters: ThrottleCounters, now: number): SignInVerdict {
  const address = liveCounter(counters.address, now);
  if (address && address.failures >= ADDRESS_LIMIT)
    return { allowed: false, retryAfterMs: address.windowStart + WINDOW_MS - now, reason: "address" };
  const pair = liveCounter(counters.pair, now);
  if (pair && pair.failures >= PAIR_LIMIT)
    return { allowed: false, retryAfterMs: pair.windowStart + WINDOW_MS - now, reason: "account_address" };
  const account = liveCounter(counters.account, now);
  if (account && account.failures >= ACCOUNT_LIMIT && pair && pair.failures > 0) {
    const wait = pair.lastFailureAt + backoffMs(pair.failures) - now;
    if (wait > 0) return { allowed: false, retryAfterMs: wait, reason: "account" };
  }
  return { allowed: true };
}

/** The counter after one more failure at `now` (a new window when the last one has ended). */
export function afterFailure(c: FailureCounter | null | undefined, now: number): FailureCounter {
  const live = liveCounter(c, now);
  return live
    ? { ...live, failures: live.failures + 1, lastFailureAt: now }
    : { failures: 1, refused: 0, windowStart: now, lastFailureAt: now };
}

/** The account counter after an attempt the throttle refused (the window is not moved by it). */
export function afterRefusal(c: FailureCounter | null | undefined, now: number): FailureCounter {
  const live = liveCounter(c, now);
  return live ? { ...live, refused: live.refused + 1 } : { failures: 0, refused: 1, windowStart: now, lastFailureAt: now };
}

/**
 * Whether this attempt's count (failures + refusals in the account's window) earns an audit row:
 * the 1st, 10th, 100th, 1000th… — a thousand guesses are four rows that say how many, not a thousand.
 */
export function isAuditMilestone(attempts: number): boolean {
  if (attempts < 1) return false;
  const p = 10 ** Math.round(Math.log10(attempts));
  return p === attempts;
}
