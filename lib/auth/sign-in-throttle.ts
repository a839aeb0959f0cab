import { SignInGuard } from "../domain/sign-in-guard";

// The process's sign-in guard (lib/domain/sign-in-guard.ts), on globalThis: Next.js may load this module twice.
const g = globalThis as unknown as { rollguardSignInGuard?: SignInGuard };
export const signInGuard = (g.rollguardSignInGuard ??= new SignInGuard());
