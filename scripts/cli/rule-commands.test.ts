import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { givenFeature } from "@/lib/testing/fixtures";
import { runCommand } from "./commands";

// `rollguard rules list|add|disable|enable|delete`: the same lib functions as the rules page.

let featureId: string;
beforeAll(async () => {
  featureId = (await givenFeature("cli-rules", "early-access")).id;
});
afterEach(() => vi.restoreAllMocks());

describe("rollguard rules", () => {
  it("adds a rule from a JSON draft, lists it, disables, enables and deletes it, audited as cli", async () => {
    const dir = path.resolve(".tmp", "cli-rules");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "rule.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "CLI floor",
        metric: "accuracy_floor",
        params: { threshold: 0.9 },
        windowMinutes: 60,
        minSamples: 40,
        phase: "early-access",
      }),
    );
    const out = vi.spyOn(console, "log").mockImplementation(() => {});

    expect(await runCommand(["rules", "add", "cli-rules", file])).toBe(0);
    const rule = await db.alertRule.findFirstOrThrow({ where: { featureId, name: "CLI floor" } });
    expect(rule).toMatchObject({ kind: "window", phase: "early-access", enabled: true });
    expect(await runCommand(["rules", "list", "cli-rules"])).toBe(0);
    expect(out.mock.calls.flat().join("\n")).toMatch(
      new RegExp(`${rule.id}\\s+enabled\\s+window/accuracy_floor\\s+phase early-access\\s+notify\\s+CLI floor`),
    );

    expect(await runCommand(["rules", "disable", "cli-rules", rule.id])).toBe(0);
    expect((await db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).enabled).toBe(false);
    expect(await runCommand(["rules", "enable", "cli-rules", rule.id])).toBe(0);
    expect((await db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).enabled).toBe(true);
    expect(await runCommand(["rules", "delete", "cli-rules", rule.id])).toBe(0);
    expect((await db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).deletedAt).toBeInstanceOf(Date);
    const actions = (await db.auditEvent.findMany({ where: { target: "cli-rules", actor: "cli", action: { startsWith: "rule." } } })).map(
      (e) => e.action,
    );
    expect(actions.sort()).toEqual(["rule.create", "rule.delete", "rule.disable", "rule.enable"]);
  });

  it("refuses to delete the built-in rule", async () => {
    const builtIn = await db.alertRule.findFirstOrThrow({ where: { featureId, metric: "product_disobeyed" } });
    await expect(runCommand(["rules", "delete", "cli-rules", builtIn.id])).rejects.toMatchObject({ code: "built_in_rule" });
  });
});
