import { db, writeTransaction } from "../db";
import { hashPassword, verifyPassword } from "../domain/password";
import type { Role } from "../domain/roles";
import { AppError, notFound } from "../errors";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";

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
    if (await tx.user.findUnique({ where: { email } })) throw new AppError("email_taken", 409, `A user with the email ${email} exists already`);
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
  // best effort: a database that does not take writes must not keep a user from signing in
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } }).catch(() => {});
  return toSessionUser(user);
}

/** The current state of a session's user: a deactivated user or a changed role takes effect at once. */
export async function activeUser(id: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id } });
  return user && user.active ? toSessionUser(user) : null;
}

/** The user an OAuth sign-in is matched to by email (active or not), or null: admins create users, OAuth never does. */
export async function userByEmail(email: string): Promise<{ id: string; active: boolean } | null> {
  return db.user.findUnique({ where: { email }, select: { id: true, active: true } });
}

export async function userCount(): Promise<number> {
  return db.user.count();
}

export interface UserSummary extends SessionUser {
  active: boolean;
  demo: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export async function listUsers(): Promise<UserSummary[]> {
  const rows = await db.user.findMany({ orderBy: [{ active: "desc" }, { email: "asc" }] });
  return rows.map(toSummary);
}

type UserChange = { role: Role } | { active: boolean };

/**
 * Changes a user's role or active flag, with an audit event in the same transaction. Refuses
 * (409 last_admin) a change that would leave no active admin, whoever makes it. The change
 * applies to the user's open sessions at once: every request re-reads role and active flag.
 */
async function changeUser(userId: string, change: UserChange, actor: string): Promise<UserSummary> {
  return commitChange(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("No such user");
    const next = { role: "role" in change ? change.role : user.role, active: "active" in change ? change.active : user.active };
    if (next.role === user.role && next.active === user.active) return toSummary(user);
    const losesAdmin = user.role === "admin" && user.active && (next.role !== "admin" || !next.active);
    if (losesAdmin && (await tx.user.count({ where: { role: "admin", active: true, id: { not: user.id } } })) === 0) {
      throw new AppError("last_admin", 409, "This is the last active admin: make another user an admin first");
    }
    const updated = await tx.user.update({ where: { id: user.id }, data: next });
    const action = "role" in change ? "user.role_change" : change.active ? "user.reactivate" : "user.deactivate";
    const field = "role" in change ? "role" : "active";
    await audit(tx, { actor, action, target: user.email, before: { [field]: user[field] }, after: { [field]: updated[field] } });
    // open streams of this user close (every instance): the reconnect is authorised afresh
    await recordChange(tx, { featureKey: "", type: "user_changed", payload: { userId: user.id } });
    return toSummary(updated);
  });
}

export const changeUserRole = (userId: string, role: Role, actor: string) => changeUser(userId, { role }, actor);
export const setUserActive = (userId: string, active: boolean, actor: string) => changeUser(userId, { active }, actor);

function toSummary(u: { id: string; email: string; name: string; role: string; active: boolean; demo: boolean; createdAt: Date; lastSignInAt: Date | null }): UserSummary {
  return { ...toSessionUser(u), active: u.active, demo: u.demo, createdAt: u.createdAt, lastSignInAt: u.lastSignInAt };
}
