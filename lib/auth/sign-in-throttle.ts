import { recordSignInFailure, recordSignInRefusal, recordSignInSuccess, signInCounters } from "../data/sign-in-attempts";
import { signInVerdict } from "../domain/sign-in-guard";

// A password sign-in through the throttle (rules: lib/domain/sign-in-guard.ts; counters in the
// database: lib/data/sign-in-attempts.ts, so every instance and a restart see the same state).
// The address must be the peer's (see lib/auth/client-address.ts): a header anyone can set is no key.

export type ThrottledSignIn<U> = { ok: true; user: U } | { ok: false; retryAfterMs?: number };

/** Checks the throttle, then `verify` (the password check); counts the outcome. `now` is the clock (tests pass their own). */
export async function throttledSignIn<U>(
  email: string,
  address: string,
  verify: () => Promise<U | null>,
  now = Date.now(),
): Promise<ThrottledSignIn<U>> {
  const verdict = signInVerdict(await signInCounters(email, address), now);
  if (!verdict.allowed) {
    await recordSignInRefusal(email, address, now, verdict.reason).catch(() => {});
    return { ok: false, retryAfterMs: verdict.retryAfterMs };
  }
  const user = await verify();
  if (!user) {
    await recordSignInFailure(email, address, now);
    return { ok: false };
  }
  await recordSignInSuccess(email, address).catch(() => {});
  return { ok: true, user };
}

/** The message a throttled user sees. */
export function waitMessage(retryAfterMs: number): string {
  const wait = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `Too many attempts. Wait ${wait < 120 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`} and try again.`;
}
