import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { givenFeature } from "@/lib/testing/fixtures";
import { runCommand } from "./commands";

// `feature advance` / `feature rollback` from the admin CLI.

beforeAll(async () => {
  await givenFeature("cli-grad", "early-access");
});
afterEach(() => vi.restoreAllMocks());

describe("rollguard feature advance | rollback", () => {
  it("refuses an advance with unmet criteria (exit 1, what is missing on stderr), advances with --override, rolls back", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await runCommand(["feature", "advance", "cli-grad", "--reason", "ready?"])).toBe(1);
    expect(err.mock.calls.flat().join("\n")).toMatch(/missing: Accuracy ≥ 88 %/);

    expect(await runCommand(["feature", "advance", "cli-grad", "--reason", "launch deadline", "--override"])).toBe(0);
    expect(out.mock.calls.flat().join("\n")).toMatch(/cli-grad: early-access → gradual \(25 %, confidence ≥ 0.85\) — OVERRIDE/);
    expect(await db.auditEvent.count({ where: { target: "cli-grad", action: "feature.advance_override", actor: "cli" } })).toBe(1);

    expect(await runCommand(["feature", "rollback", "cli-grad", "--reason", "too many tickets"])).toBe(0);
    expect(out.mock.calls.flat().join("\n")).toMatch(/gradual → early-access/);
    await expect(runCommand(["feature", "rollback", "cli-grad"])).rejects.toThrow(/needs KEY and --reason/);
  });
});
