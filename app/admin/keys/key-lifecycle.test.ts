import { beforeAll, describe, expect, it, vi } from "vitest";

// An API key's life through the admin actions and the public API: created by an admin (shown
// once, stored hashed), used, revoked — and refused on its very next request. Scopes and a
// feature restriction are enforced by every route that takes keys.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { POST as ingest } from "@/app/api/v1/events/route";
import { POST as pause } from "@/app/api/v1/features/[key]/pause/route";
import { POST as evaluateAll } from "@/app/ofrep/v1/evaluate/flags/route";
import { POST as evaluate } from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { flushLastUse } from "@/lib/data/api-keys";
import { db } from "@/lib/db";
import { createUser } from "@/lib/data/users";
import { givenFeature, jsonRequest } from "@/lib/testing/fixtures";
import { createApiKeyAction, revokeApiKeyAction } from "../../../lib/actions/api-keys";

const params = (key: string) => ({ params: Promise.resolve({ key }) });
const output = (id: string, feature = "alpha") => ({ type: "output", id, feature, confidence: 0.9 });
const send = (key: string, events: unknown[]) => ingest(jsonRequest("/api/v1/events", { events }, key), {});

async function created(input: { name: string; scopes: string[]; feature?: string }) {
  const result = await createApiKeyAction(input as never);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

beforeAll(async () => {
  await givenFeature("alpha", "full");
  await givenFeature("beta", "full");
  session.uid = (await createUser({ email: "keys-admin@example.com", password: "admin-password-1", role: "admin" }, "test"))!.id;
});

describe("API key lifecycle", () => {
  it("create → use → revoke → refused on the very next request, each step audited", async () => {
    const { key, prefix } = await created({ name: "backend", scopes: ["ingest"] });
    expect(key).toMatch(/^rg_[A-Za-z0-9_-]{32}$/);
    expect(key.startsWith(prefix)).toBe(true);

    // Stored hashed: the key itself is in no row.
    const row = await db.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(row.hash).not.toContain(key);
    const everything = JSON.stringify([await db.apiKey.findMany(), await db.auditEvent.findMany()]);
    expect(everything).not.toContain(key);

    expect((await send(key, [output("life-1")])).status).toBe(200);
    // last use is batched off the request path: stored at the next flush
    expect((await db.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt).toBeNull();
    expect(await flushLastUse()).toBe(true);
    expect((await db.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt).toBeInstanceOf(Date);
    expect((await send(key, [output("life-2")])).status).toBe(200); // now served from the key cache

    expect(await revokeApiKeyAction({ prefix })).toEqual({ ok: true, data: { prefix } });
    const refused = await send(key, [output("life-3")]);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect(await db.output.count({ where: { clientId: "life-3" } })).toBe(0);

    const trail = await db.auditEvent.findMany({ where: { target: prefix }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ["key.create", "user:keys-admin@example.com"],
      ["key.revoke", "user:keys-admin@example.com"],
    ]);
  });

  it("a second revoke is a clear 404, not a second audit event", async () => {
    const { prefix } = await created({ name: "twice", scopes: ["read"] });
    expect((await revokeApiKeyAction({ prefix })).ok).toBe(true);
    expect(await revokeApiKeyAction({ prefix })).toMatchObject({ ok: false, error: { code: "not_found", status: 404 } });
    expect(await db.auditEvent.count({ where: { action: "key.revoke", target: prefix } })).toBe(1);
  });

  it("a scope the key lacks → 403 on every route, the scope it has → 2xx", async () => {
    const { key } = await created({ name: "ingest-only", scopes: ["ingest"] });
    const ofrep = await evaluate(jsonRequest("/ofrep/v1/evaluate/flags/alpha", { context: { targetingKey: "u1" } }, key), params("alpha"));
    expect(ofrep.status).toBe(403);
    expect(await ofrep.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("evaluate") } });
    const stop = await pause(jsonRequest("/api/v1/features/alpha/pause", { reason: "no" }, key), params("alpha"));
    expect(stop.status).toBe(403);
    expect((await db.feature.findUniqueOrThrow({ where: { key: "alpha" } })).state).toBe("running");

    const { key: evaluator } = await created({ name: "evaluate-only", scopes: ["evaluate"] });
    expect((await send(evaluator, [output("scope-1")])).status).toBe(403);
    expect((await evaluate(jsonRequest("/x", { context: { targetingKey: "u1" } }, evaluator), params("alpha"))).status).toBe(200);
  });

  it("a key restricted to one feature → 403 for another feature, and works on its own", async () => {
    const { key } = await created({ name: "alpha only", scopes: ["evaluate", "operate", "ingest"], feature: "alpha" });
    const row = await db.apiKey.findFirstOrThrow({ where: { name: "alpha only" }, include: { feature: true } });
    expect(row.feature?.key).toBe("alpha");
    const creation = await db.auditEvent.findFirstOrThrow({ where: { action: "key.create", target: row.prefix } });
    expect(JSON.parse(creation.after!)).toEqual({ name: "alpha only", scopes: ["evaluate", "operate", "ingest"], feature: "alpha" });

    const other = await evaluate(jsonRequest("/ofrep/v1/evaluate/flags/beta", { context: { targetingKey: "u1" } }, key), params("beta"));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("another feature") } });
    const otherPause = await pause(jsonRequest("/api/v1/features/beta/pause", { reason: "not mine" }, key), params("beta"));
    expect(otherPause.status).toBe(403);
    expect((await db.feature.findUniqueOrThrow({ where: { key: "beta" } })).state).toBe("running");

    // Ingest checks per event: the other feature's events come back rejected, its own land.
    const mixed = await send(key, [output("restricted-a", "alpha"), output("restricted-b", "beta")]);
    expect(mixed.status).toBe(207);
    expect((await mixed.json()).rejected).toEqual([{ index: 1, code: "forbidden_feature", message: expect.any(String) }]);

    // Bulk evaluation shows only its own flag.
    const bulk = await evaluateAll(jsonRequest("/ofrep/v1/evaluate/flags", { context: { targetingKey: "u1" } }, key), {});
    expect((await bulk.json()).flags.map((f: { key: string }) => f.key)).toEqual(["alpha"]);

    expect((await evaluate(jsonRequest("/x", { context: { targetingKey: "u1" } }, key), params("alpha"))).status).toBe(200);
    expect((await pause(jsonRequest("/x", { reason: "mine" }, key), params("alpha"))).status).toBe(200);
  });

  it("refuses a restriction to a feature that does not exist, and a key without scopes", async () => {
    expect(await createApiKeyAction({ name: "ghost", scopes: ["read"], feature: "no-such-feature" })).toMatchObject({
      ok: false,
      error: { code: "unknown_feature", status: 400 },
    });
    const form = new FormData();
    form.set("name", "no scopes");
    expect(await createApiKeyAction(form)).toMatchObject({
      ok: false,
      error: { code: "invalid_request", fields: { scopes: expect.any(String) } },
    });
    expect(await db.apiKey.count({ where: { name: { in: ["ghost", "no scopes"] } } })).toBe(0);
  });

  it("reads a form's checkboxes: one scope or several", async () => {
    const form = new FormData();
    form.set("name", "from a form");
    form.append("scopes", "read");
    form.append("scopes", "evaluate");
    form.set("feature", "");
    const result = await createApiKeyAction(form);
    expect(result).toMatchObject({ ok: true, data: { scopes: ["read", "evaluate"], feature: null } });
  });
});
