import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "./secret";
import { requireActor } from ".";
import { createUser } from "../data/users";
import { db } from "../db";
import type { Role } from "../domain/roles";

const users: Record<Role, string> = { viewer: "", operator: "", admin: "" };

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as Role[]) {
    users[role] = (await createUser({ email: `${role}@test.dev`, password: "correct horse battery", role }, "test"))!.id;
  }
});

async function request(role: Role | null, method = "POST", origin: string | null = "http://localhost") {
  const headers: Record<string, string> = { host: "localhost" };
  if (origin) headers.origin = origin;
  if (role) headers.cookie = `next-auth.session-token=${await encode({ token: { uid: users[role] }, secret: authSecret() })}`;
  return new Request("http://localhost/api/v1/features/x/pause", { method, headers });
}

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { status?: number }) => e.status ?? 500,
  );

describe("requireActor with a browser session", () => {
  it("lets a viewer read but not operate; an operator operates", async () => {
    expect(await status(requireActor(await request("viewer", "GET"), "read"))).toBe(200);
    expect(await status(requireActor(await request("viewer"), "operate"))).toBe(403);
    const actor = await requireActor(await request("operator"), "operate");
    expect(actor.label).toBe("user:operator@test.dev");
    expect(await status(requireActor(await request("admin"), "operate"))).toBe(200);
  });

  it("never lets a session ingest or evaluate: those need keys", async () => {
    expect(await status(requireActor(await request("admin"), "ingest"))).toBe(401);
    expect(await status(requireActor(await request("admin"), "evaluate"))).toBe(401);
  });

  it("refuses a cross-site mutation even with a valid session cookie", async () => {
    expect(await status(requireActor(await request("operator", "POST", "https://evil.example"), "operate"))).toBe(403);
    expect(await status(requireActor(await request("operator", "POST", null), "operate"))).toBe(403);
  });

  it("stops a deactivated user's session at once, and refuses forged cookies", async () => {
    await db.user.update({ where: { id: users.viewer }, data: { active: false } });
    expect(await status(requireActor(await request("viewer", "GET"), "read"))).toBe(401);
    const forged = new Request("http://localhost/x", { headers: { cookie: "next-auth.session-token=not-a-jwt" } });
    expect(await status(requireActor(forged, "read"))).toBe(401);
  });
});
