import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// `feature create` makes the same feature the admin form does (the stakes' plan template, the
// shared schemas), and `alert list` shows the alerts the alerts page shows.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { createFeatureAction } from "@/lib/actions/feature-create";
import { db } from "@/lib/db";
import { featureByKey } from "@/lib/data/features";
import { planOf } from "@/lib/data/plans";
import { createUser } from "@/lib/data/users";
import { templatePlan } from "@/lib/domain/plan-templates";
import { givenFeature } from "@/lib/testing/fixtures";
import { runCommand } from "./commands";

beforeAll(async () => {
  const admin = await createUser({ email: "cli-admin@example.com", role: "admin", name: "Admin", password: "a-long-password-1" }, "test");
  session.uid = admin!.id;
});
afterEach(() => vi.restoreAllMocks());

const quiet = () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  return vi.spyOn(console, "log").mockImplementation(() => {});
};

describe("rollguard feature create", () => {
  it("--stakes high makes the same plan, first phase and segments as the admin form's high-stakes template", async () => {
    const out = quiet();
    expect(await runCommand(["feature", "create", "cli-advisor", "--name", "CLI advisor", "--stakes", "high"])).toBe(0);
    expect(out.mock.calls.flat().join("\n")).toMatch(/created cli-advisor in phase Employees only/);
    const viaUi = await createFeatureAction({ key: "ui-advisor", name: "UI advisor", stakes: "high" });
    expect(viaUi).toMatchObject({ ok: true });

    const cli = (await featureByKey("cli-advisor"))!;
    const ui = (await featureByKey("ui-advisor"))!;
    expect(planOf(cli.phases)).toEqual(planOf(ui.phases));
    expect(planOf(cli.phases)).toEqual(templatePlan("high").map((p) => ({ expertReview: "", inputTypes: [], ...p }))); // stored: no expert review is "", every input type is []
    expect(cli.stakes).toBe("high");
    expect(cli.currentPhase?.key).toBe(ui.currentPhase?.key);
    expect(await db.segment.count({ where: { key: { in: ["internal", "beta-power-users"] } } })).toBe(2);
    const rules = async (id: string) =>
      (await db.alertRule.findMany({ where: { featureId: id }, orderBy: { metric: "asc" } })).map((r) => [r.metric, r.action, r.params]);
    expect(await rules(cli.id)).toEqual(await rules(ui.id));
  });

  it("starts in --phase when the template has it, and refuses a phase the template lacks or a bad key", async () => {
    quiet();
    expect(await runCommand(["feature", "create", "cli-summary", "--name", "Summary", "--stakes", "low", "--phase", "gradual"])).toBe(0);
    expect((await featureByKey("cli-summary"))?.currentPhase?.key).toBe("gradual");
    await expect(
      runCommand(["feature", "create", "cli-other", "--name", "Other", "--stakes", "low", "--phase", "beta"]),
    ).rejects.toMatchObject({
      code: "unknown_phase",
      message: expect.stringMatching(/pilot, gradual, full/),
    });
    await expect(runCommand(["feature", "create", "Not A Key", "--name", "X"])).rejects.toThrow(/lowercase letters, digits and dashes/);
    await expect(runCommand(["feature", "create", "cli-x", "--name", "X", "--stakes", "extreme"])).rejects.toThrow(
      /stakes are low, medium or high/,
    );
    expect(await featureByKey("cli-other")).toBeNull();
  });
});

describe("rollguard alert list", () => {
  it("lists open and acknowledged alerts newest first, not resolved ones", async () => {
    const { id: featureId } = await givenFeature("cli-alerts", "full");
    const rule = await db.alertRule.findFirstOrThrow({ where: { featureId }, orderBy: { name: "asc" } });
    const at = (m: number) => new Date(Date.parse("2026-11-20T10:00:00Z") + m * 60_000);
    await db.alert.create({
      data: { featureId, ruleId: rule.id, status: "acknowledged", value: 0.7, sampleSize: 90, message: "older dip", openedAt: at(0) },
    });
    await db.alert.create({
      data: { featureId, ruleId: rule.id, status: "open", value: 0.6, sampleSize: 90, message: "newer dip", openedAt: at(30) },
    });
    await db.alert.create({
      data: { featureId, ruleId: rule.id, status: "resolved", value: 0.5, sampleSize: 90, message: "long gone", openedAt: at(-60) },
    });
    const out = quiet();
    expect(await runCommand(["alert", "list", "cli-alerts"])).toBe(0);
    const text = out.mock.calls.flat().join("\n");
    expect(text).toMatch(
      new RegExp(
        `cli-alerts\\s+open\\s+${rule.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(${rule.action}\\)[\\s\\S]*newer dip[\\s\\S]*cli-alerts\\s+acknowledged[\\s\\S]*older dip`,
      ),
    );
    expect(text).not.toMatch(/long gone/);
  });
});
