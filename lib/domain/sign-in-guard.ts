import { FailureThrottle } from "./throttle";

// Sign-in throttling that can neither be dodged nor turned against the real user. Three limits:
//  - per client address (any account): ADDRESS_LIMIT failures in the window, then that address
//    waits — guessing many accounts from one place is slow;
//  - per account and address: PAIR_LIMIT failures, then that address waits for that account —
//    guessing one account from one place is slow, and a typo-prone user only blocks themselves;
//  - per account, from anywhere: after ACCOUNT_LIMIT failures in the window, each further attempt
//    from an address that never signed in to the account waits a backoff that doubles per failure
//    up to MAX_BACKOFF_MS — many addresses guessing one account are slowed, while the real user,
//    from an address they signed in from before, is never held up by someone else's failures.
// The address must be the peer's (see lib/auth/client-address.ts): a header anyone can set is no key.
// Pure: the clock is passed in; state in memory (per instance).

export const WINDOW_MS = 15 * 60_000;
export const ADDRESS_LIMIT = 30;
export const PAIR_LIMIT = 5;
export const ACCOUNT_LIMIT = 10;
export const MAX_BACKOFF_MS = 60_000;
const KNOWN_ADDRESS_MS = 30 * 24 * 3_600_000;

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; reason: "address" | "account_address" | "account" };

export class SignInGuard {
  private readonly byAddress: FailureThrottle;
  private readonly byPair: FailureThrottle;
  private readonly accountFailures = new Map<string, number[]>();
  private readonly known = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    this.byAddress = new FailureThrottle(ADDRESS_LIMIT, WINDOW_MS, now);
    this.byPair = new FailureThrottle(PAIR_LIMIT, WINDOW_MS, now);
  }

  private pair = (account: string, address: string) => `${account}\n${address}`;

  private recentAccountFailures(account: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const list = (this.accountFailures.get(account) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.accountFailures.delete(account);
    else this.accountFailures.set(account, list);
    return list;
  }

  private isKnown(account: string, address: string): boolean {
    const at = this.known.get(this.pair(account, address));
    return at !== undefined && this.now() - at < KNOWN_ADDRESS_MS;
  }

  check(accountRaw: string, address: string): SignInVerdict {
    const account = accountRaw.trim().toLowerCase();
    if (!this.byAddress.allowed(address)) return { allowed: false, retryAfterMs: this.byAddress.retryAfterMs(address), reason: "address" };
    const pair = this.pair(account, address);
    if (!this.byPair.allowed(pair)) return { allowed: false, retryAfterMs: this.byPair.retryAfterMs(pair), reason: "account_address" };
    const failures = this.recentAccountFailures(account);
    if (failures.length >= ACCOUNT_LIMIT && !this.isKnown(account, address)) {
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures.length - ACCOUNT_LIMIT));
      const wait = failures[failures.length - 1] + backoff - this.now();
      if (wait > 0) return { allowed: false, retryAfterMs: wait, reason: "account" };
    }
    return { allowed: true };
  }

  fail(accountRaw: string, address: string): void {
    const account = accountRaw.trim().toLowerCase();
    this.byAddress.fail(address);
    this.byPair.fail(this.pair(account, address));
    this.accountFailures.set(account, [...this.recentAccountFailures(account), this.now()]);
  }

  succeed(accountRaw: string, address: string): void {
    const account = accountRaw.trim().toLowerCase();
    this.byPair.reset(this.pair(account, address));
    this.known.set(this.pair(account, address), this.now());
  }
}
