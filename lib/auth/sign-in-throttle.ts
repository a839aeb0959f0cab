import { FailureThrottle } from "../domain/throttle";

// 5 failed sign-ins per email and address within 15 minutes, then wait.
const g = globalThis as unknown as { rollguardSignInThrottle?: FailureThrottle };
export const signInThrottle = (g.rollguardSignInThrottle ??= new FailureThrottle(5, 15 * 60_000));
