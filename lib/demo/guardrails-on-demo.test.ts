import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { ruleStatuses } from "../read/rule-statuses";
import { marketShockWindow } from "./stories";
import { seedDemo } from "./seed";

// The default rules on the demo data: a fresh `npm start` must leave every demo feature running
// (the market shock is 8–10 days old, rules look at the recent window only), yet the same rules see
// the shock when asked about its hour. The wall clock is read on purpose — a fresh demo is seeded
// at whatever moment a user starts it — and the stories are placed so that no moment changes the
// result (stories.test.ts checks that for every hour of a week without a database).

const now = Date.now();

beforeAll(async () => {
  // 12 days: the shock is 8–10 days back and the rules need a couple of days before it as its normal
  await seedDemo({ now, days: 12 });
}, 300_000);

describe("default rules on the demo history", () => {
  it("leaves all three demo features running and opens no pausing alert at startup", async () => {
    const features = await db.feature.findMany();
    expect(features).toHaveLength(3);
    for (const f of features) await evaluateFeature(f.id, now);
    const after = await db.feature.findMany({ orderBy: { key: "asc" } });
    expect(after.map((f) => [f.key, f.state])).toEqual([
      ["code-assist", "running"],
      ["meeting-summary", "running"],
      ["portfolio-advisor", "running"],
    ]);
    const pausing = await db.alert.count({ where: { rule: { action: "pause" } } });
    expect(pausing).toBe(0);
  });

  it("sees the portfolio-advisor market shock as a floor breach and overconfidence during its hours", async () => {
    const pa = await db.feature.findUniqueOrThrow({ where: { key: "portfolio-advisor" } });
    const shock = marketShockWindow(now);
    const statuses = await ruleStatuses(pa.id, shock.from + 3 * 3_600_000);
    const byName = Object.fromEntries(statuses.map((s) => [s.rule.name, s]));
    const floor = byName["Accuracy below 90 %"];
    expect(floor.status).toBe("breach");
    expect(floor.rule.action).toBe("pause");
    expect(floor.upper!).toBeLessThan(0.9);
    // a sequential rule names the slice that breached
    expect(floor.message).toMatch(/^(phase|segment) .*: \d+ % \(n = \d+\) vs 90 % normal$/);
    expect(byName["Accuracy below its normal"].status).toBe("breach");
    expect(byName["Overconfident: confidence 10 points above accuracy"].status).toBe("breach");
  });
});
