import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { givenFeature, givenWindowedRules } from "@/lib/testing/fixtures";
import { runCommand } from "./commands";
import { cliErrorMessage } from "./errors";

// `rollguard backtest KEY --rule ID|FILE …` on a small history with a bad hour at 12:00 UTC.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;
let ruleId: string;

beforeAll(async () => {
  const feature = await givenFeature("cli-backtest", "full");
  await givenWindowedRules(feature.id);
  ruleId = (await db.alertRule.findFirstOrThrow({ where: { featureId: feature.id, metric: "accuracy_floor" } })).id;
  const events: unknown[] = [];
  for (let m = 0; m < 300; m++) {
    for (let i = 0; i < 10; i++) {
      const id = `cb-${m}-${i}`;
      events.push({ type: "output", id, feature: "cli-backtest", confidence: 0.95, timestamp: T0 + m * MIN + i });
      events.push({
        type: "label",
        outputId: id,
        feature: "cli-backtest",
        correct: !(m >= 120 && m < 180 && i < 4),
        timestamp: T0 + m * MIN + 30_000,
      });
    }
  }
  for (let i = 0; i < events.length; i += 1000) await ingestEvents(events.slice(i, i + 1000) as never, T0 + 6 * 60 * MIN);
});
afterEach(() => vi.restoreAllMocks());

describe("rollguard backtest", () => {
  it("prints a saved rule's figures, the incident's detection and each alert", async () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const args = ["--from", new Date(T0 + 60 * MIN).toISOString(), "--to", String(T0 + 300 * MIN)];
    expect(
      await runCommand([
        "backtest",
        "cli-backtest",
        "--rule",
        ruleId,
        ...args,
        "--incident-from",
        "2026-11-20T12:00:00Z",
        "--incident-to",
        "2026-11-20T13:00:00Z",
      ]),
    ).toBe(0);
    const text = out.mock.calls.flat().join("\n");
    expect(text).toMatch(/backtest of "Accuracy below \d+ %" \[.+\] on cli-backtest/);
    expect(text).toMatch(/alerts\s+1 \(/);
    expect(text).toMatch(/incident\s+2026-11-20 12:00 → 2026-11-20 13:00 UTC: detected after \d+ min; 0 alerts outside it/);
    expect(text).toMatch(/2026-11-20 12:\d\d {2}2026-11-20 1\d:\d\d .*\[incident\]/);
  });

  it("reads a draft rule from a JSON file", async () => {
    const dir = path.resolve(".tmp", "cli-backtest");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `draft-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: "strict",
        metric: "accuracy_floor",
        params: { threshold: 0.99 },
        windowMinutes: 30,
        minSamples: 10,
        action: "pause",
      }),
    );
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(
      await runCommand(["backtest", "cli-backtest", "--rule", file, "--from", String(T0 + 60 * MIN), "--to", String(T0 + 300 * MIN)]),
    ).toBe(0);
    expect(out.mock.calls.flat().join("\n")).toMatch(/backtest of "strict" \(draft\)[\s\S]*would pause\s+yes/);
  });

  it("refuses a missing rule or an unknown feature", async () => {
    await expect(runCommand(["backtest", "cli-backtest"])).rejects.toThrow(/needs KEY and --rule/);
    await expect(runCommand(["backtest", "nope", "--rule", ruleId])).rejects.toThrow(/no feature "nope"/);
    await expect(runCommand(["backtest", "cli-backtest", "--rule", "no-such-rule"])).rejects.toMatchObject({ status: 404 });
  });

  it("says what a time must look like when --from is not one", async () => {
    const error = await runCommand(["backtest", "cli-backtest", "--rule", ruleId, "--from", "2026-10-27T18:00", "--to", String(T0)]).catch(
      (e: unknown) => e,
    );
    expect(cliErrorMessage(error)).toBe(
      "invalid input\n✖ must be a time: ISO 8601 with a zone (2026-10-27T18:00:00Z) or epoch milliseconds\n  → at from",
    );
  });
});
