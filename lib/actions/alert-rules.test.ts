import { beforeAll, describe, expect, it, vi } from "vitest";

// The rules page's upgrade button runs this action: admins upgrade (audited, the same function as
// the CLI); viewers and operators are refused on the server whatever the page showed them.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { db } from "@/lib/db";
import { rulesOf } from "@/lib/data/alert-rules";
import { createUser } from "@/lib/data/users";
import { givenFeature, givenWindowedRules } from "@/lib/testing/fixtures";
import { upgradeDefaultRulesAction } from "./alert-rules";

const uids: Record<string, string> = {};
let featureId: string;

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as const)
    uids[role] = (await createUser({ email: `upgrade-${role}@example.com`, password: "upgrade-password-1", role }, "test"))!.id;
  featureId = (await givenFeature("upgrade-action", "full")).id;
  await givenWindowedRules(featureId, "high", 0.85);
});

describe("upgradeDefaultRulesAction", () => {
  it("refuses viewers, operators and the signed-out, and changes nothing", async () => {
    const before = JSON.stringify(await rulesOf(featureId, false));
    for (const who of [null, uids.viewer, uids.operator]) {
      session.uid = who;
      const r = await upgradeDefaultRulesAction({ feature: "upgrade-action" });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.status).toBe(who === null ? 401 : 403);
    }
    expect(JSON.stringify(await rulesOf(featureId, false))).toBe(before);
    expect(await db.auditEvent.count({ where: { action: "rule.upgrade", target: { startsWith: "upgrade-action/" } } })).toBe(0);
  });

  it("lets an admin upgrade, says what changed rule by rule, and audits it under their name", async () => {
    session.uid = uids.admin;
    const r = await upgradeDefaultRulesAction({ feature: "upgrade-action" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.upgraded.map((u) => `${u.before.name} → ${u.after.name}`).sort()).toEqual([
      "3 critical tickets in an hour → Critical tickets above their normal",
      "Accuracy below 85 % → Accuracy below 85 %",
      "Accuracy dropped 5 points in an hour → Accuracy below its normal",
      "Thumbs down above 20 % → Thumbs down above its normal",
    ]);
    expect(r.data.upgraded.every((u) => u.before.kind === "window" && u.after.kind === "sequential")).toBe(true);
    const events = await db.auditEvent.findMany({ where: { action: "rule.upgrade", target: { startsWith: "upgrade-action/" } } });
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor === "user:upgrade-admin@example.com")).toBe(true);
    // nothing left to upgrade: a second click changes nothing
    const again = await upgradeDefaultRulesAction({ feature: "upgrade-action" });
    expect(again).toEqual({ ok: true, data: { upgraded: [] } });
  });

  it("answers 404 for an unknown feature and 400 for a bad input", async () => {
    session.uid = uids.admin;
    const missing = await upgradeDefaultRulesAction({ feature: "no-such-feature" });
    expect(!missing.ok && missing.error.status).toBe(404);
    const bad = await upgradeDefaultRulesAction({ feature: "" });
    expect(!bad.ok && bad.error.status).toBe(400);
  });
});
