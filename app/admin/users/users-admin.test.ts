import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Managing users: every change is audited in its transaction, applies to open sessions at once,
// and no change — by anyone, to anyone — leaves Rollguard without an active admin.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { POST as pause } from "@/app/api/v1/features/[key]/pause/route";
import { authSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db";
import { createUser, verifyCredentials } from "@/lib/data/users";
import { givenFeature } from "@/lib/testing/fixtures";
import { changeUserRoleAction, createUserAction, setUserActiveAction } from "../../../lib/actions/users";

let admin: string;
const as = (uid: string | null) => void (session.uid = uid);

async function user(email: string, role: "viewer" | "operator" | "admin") {
  return (await createUser({ email, password: "user-password-1", role }, "test"))!.id;
}

/** A browser's pause request with the user's session cookie. */
async function pauseAs(uid: string, feature: string) {
  const cookie = `next-auth.session-token=${await encode({ token: { uid }, secret: authSecret() })}`;
  const req = new Request(`http://localhost/api/v1/features/${feature}/pause`, {
    method: "POST",
    headers: { cookie, host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    body: JSON.stringify({ reason: "test" }),
  });
  return pause(req, { params: Promise.resolve({ key: feature }) });
}

beforeAll(async () => {
  admin = await user("first-admin@example.com", "admin");
  await givenFeature("f1", "full");
  await givenFeature("f2", "full");
});

describe("users administration", () => {
  it("creates a user with a role and an initial password that signs in; audited; a duplicate email is 409", async () => {
    as(admin);
    const result = await createUserAction({ email: " Ana@Example.com ", name: "Ana", password: "initial-password-1", role: "operator" });
    expect(result).toEqual({ ok: true, data: { email: "ana@example.com", role: "operator" } });
    expect(await verifyCredentials("ana@example.com", "initial-password-1")).toMatchObject({ role: "operator" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.create", target: "ana@example.com" } });
    expect(event.actor).toBe("user:first-admin@example.com");
    expect(JSON.stringify(event)).not.toContain("initial-password-1");

    expect(await createUserAction({ email: "ana@example.com", password: "another-password-1", role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "email_taken", status: 409 },
    });
    expect(await createUserAction({ email: "short@example.com", password: "short", role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "invalid_request", fields: { password: expect.stringContaining("12") } },
    });
  });

  it("deactivating a user stops their session on its next request; reactivating restores it", async () => {
    const op = await user("op@example.com", "operator");
    expect((await pauseAs(op, "f1")).status).toBe(200);

    as(admin);
    expect(await setUserActiveAction({ userId: op, active: false })).toEqual({
      ok: true,
      data: { email: "op@example.com", active: false },
    });
    const refused = await pauseAs(op, "f2");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
    as(op);
    expect(await setUserActiveAction({ userId: op, active: true })).toMatchObject({
      ok: false,
      error: { code: "unauthorized", status: 401 },
    });
    expect(await verifyCredentials("op@example.com", "user-password-1")).toBeNull();

    as(admin);
    expect((await setUserActiveAction({ userId: op, active: true })).ok).toBe(true);
    expect((await pauseAs(op, "f2")).status).toBe(200);
    const trail = await db.auditEvent.findMany({
      where: { target: "op@example.com", action: { startsWith: "user." } },
      orderBy: { id: "asc" },
    });
    expect(trail.map((e) => [e.action, e.before, e.after])).toEqual([
      ["user.create", null, JSON.stringify({ role: "operator" })],
      ["user.deactivate", JSON.stringify({ active: true }), JSON.stringify({ active: false })],
      ["user.reactivate", JSON.stringify({ active: false }), JSON.stringify({ active: true })],
    ]);
  });

  it("a role change applies to open sessions at once, both ways", async () => {
    const v = await user("promoted@example.com", "viewer");
    await givenFeature("f3", "full");
    expect((await pauseAs(v, "f3")).status).toBe(403);
    as(admin);
    expect(await changeUserRoleAction({ userId: v, role: "operator" })).toEqual({
      ok: true,
      data: { email: "promoted@example.com", role: "operator" },
    });
    expect((await pauseAs(v, "f3")).status).toBe(200);
    expect(await changeUserRoleAction({ userId: v, role: "viewer" })).toMatchObject({ ok: true });
    await givenFeature("f4", "full");
    expect((await pauseAs(v, "f4")).status).toBe(403);
    const changes = await db.auditEvent.findMany({
      where: { target: "promoted@example.com", action: "user.role_change" },
      orderBy: { id: "asc" },
    });
    expect(changes.map((e) => [e.before, e.after])).toEqual([
      [JSON.stringify({ role: "viewer" }), JSON.stringify({ role: "operator" })],
      [JSON.stringify({ role: "operator" }), JSON.stringify({ role: "viewer" })],
    ]);
  });

  it("the last active admin cannot deactivate or demote themselves; with a second admin they can", async () => {
    as(admin);
    const auditBefore = await db.auditEvent.count();
    expect(await setUserActiveAction({ userId: admin, active: false })).toMatchObject({
      ok: false,
      error: { code: "last_admin", status: 409 },
    });
    expect(await changeUserRoleAction({ userId: admin, role: "operator" })).toMatchObject({
      ok: false,
      error: { code: "last_admin", status: 409 },
    });
    expect(await db.auditEvent.count()).toBe(auditBefore);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin } })).toMatchObject({ role: "admin", active: true });

    // A deactivated admin does not count as an admin.
    const dormant = await user("dormant-admin@example.com", "admin");
    expect((await setUserActiveAction({ userId: dormant, active: false })).ok).toBe(true);
    expect(await changeUserRoleAction({ userId: admin, role: "viewer" })).toMatchObject({ ok: false, error: { code: "last_admin" } });

    const second = await user("second-admin@example.com", "admin");
    expect(await changeUserRoleAction({ userId: admin, role: "operator" })).toMatchObject({ ok: true, data: { role: "operator" } });
    // Now `second` is the last one; the demoted admin cannot act as an admin any more.
    expect(await setUserActiveAction({ userId: second, active: false })).toMatchObject({
      ok: false,
      error: { code: "forbidden", status: 403 },
    });
    as(second);
    expect(await setUserActiveAction({ userId: second, active: false })).toMatchObject({ ok: false, error: { code: "last_admin" } });
    expect((await changeUserRoleAction({ userId: admin, role: "admin" })).ok).toBe(true);
  });

  it("an unknown user is a 404, and an unchanged role writes no audit event", async () => {
    as(admin);
    expect(await changeUserRoleAction({ userId: "nope", role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "not_found", status: 404 },
    });
    const before = await db.auditEvent.count();
    expect((await changeUserRoleAction({ userId: admin, role: "admin" })).ok).toBe(true);
    expect(await db.auditEvent.count()).toBe(before);
  });
});
