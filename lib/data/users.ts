import { db, writeTransaction } from "../db";
import { hashPassword, verifyPassword } from "../domain/password";
import type { Role } from "../domain/roles";
import { audit } from "./audit";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const toSessionUser = (u: { id: string; email: string; name: string; role: string }): SessionUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as Role,
});

/** Creates a user; with `onlyIfNoUsers` (first-run set-up) nothing happens once any user exists. */
export async function createUser(
  input: { email: string; name?: string; password: string; role: Role; demo?: boolean },
  actor: string,
  options: { onlyIfNoUsers?: boolean } = {},
): Promise<SessionUser | null> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return writeTransaction(async (tx) => {
    if (options.onlyIfNoUsers && (await tx.user.count()) > 0) return null;
    const user = await tx.user.create({ data: { email, name: input.name ?? "", passwordHash, role: input.role, demo: input.demo ?? false } });
    await audit(tx, { actor, action: "user.create", target: email, after: { role: input.role } });
    return toSessionUser(user);
  });
}

/** The user for a sign-in, or null (unknown, deactivated, no password, wrong password). */
export async function verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  // Hash anyway for unknown users so that timing does not tell which emails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  if (!user || !user.active || !ok) return null;
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return toSessionUser(user);
}

/** The current state of a session's user: a deactivated user or a changed role takes effect at once. */
export async function activeUser(id: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id } });
  return user && user.active ? toSessionUser(user) : null;
}

export async function userCount(): Promise<number> {
  return db.user.count();
}

export async function recordFailedSignIn(email: string, reason: string) {
  await writeTransaction((tx) => audit(tx, { actor: "anonymous", action: "auth.signin_failed", target: email.slice(0, 200), reason }));
}
