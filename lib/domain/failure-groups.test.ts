import { describe, expect, it } from "vitest";
import { failureGroupKey, fnv1a, groupFailures, normaliseFailureText } from "./failure-groups";

const item = (
  id: string,
  input: string | null,
  output: string | null,
  extra: Partial<{ unit: string | null; segment: string; phase: string; at: number }> = {},
) => ({
  id,
  input,
  output,
  unit: extra.unit ?? null,
  segment: extra.segment ?? "default",
  phase: extra.phase ?? "beta",
  at: extra.at ?? 0,
});

describe("normaliseFailureText", () => {
  it("ignores case, spacing, numbers and hex ids, not words", () => {
    expect(normaliseFailureText("  Increase  tech ETF by 15 %\n")).toBe("increase tech etf by <n> %");
    expect(normaliseFailureText("Increase tech ETF by 20 %")).toBe(normaliseFailureText("increase TECH etf by 15 %"));
    expect(normaliseFailureText("request 3f2a9c0d1e failed")).toBe("request <id> failed");
    expect(normaliseFailureText("ｆｕｌｌ width")).toBe("full width");
    expect(normaliseFailureText("gold")).not.toBe(normaliseFailureText("bonds"));
    expect(normaliseFailureText(null)).toBe("");
  });
});

describe("failureGroupKey", () => {
  it("groups the same long wrong output under reworded prompts, short outputs only with their input", () => {
    const sql = "SELECT * FROM orders WHERE status = 'open' AND total > 100";
    const a = failureGroupKey(item("a", "Show open orders over 100", sql));
    expect(failureGroupKey(item("b", "Which open orders are above a hundred?", sql))).toBe(a);
    expect(failureGroupKey(item("c", "List big open orders", sql.replace("100", "250")))).toBe(a); // numbers masked
    expect(failureGroupKey(item("d", "Show open orders over 100", `${sql} LIMIT 5`))).not.toBe(a);
    expect(failureGroupKey(item("e", "Is it safe?", "No."))).not.toBe(failureGroupKey(item("f", "Is it legal?", "No.")));
  });

  it("is the same for near-identical input and output, different when either differs", () => {
    const a = failureGroupKey(item("a", "Should I sell?", "Buy 10 units."));
    expect(failureGroupKey(item("b", "should I  sell?", "Buy 12 units."))).toBe(a);
    expect(failureGroupKey(item("c", "Should I buy?", "Buy 10 units."))).not.toBe(a);
    expect(failureGroupKey(item("d", "Should I sell?", "Sell 10 units."))).not.toBe(a);
  });
  it("keeps outputs without text apart", () => {
    expect(failureGroupKey(item("a", null, null))).toBe("id:a");
    expect(failureGroupKey(item("b", null, ""))).toBe("id:b");
  });
  it("hashes with FNV-1a (reference values)", () => {
    expect(fnv1a("")).toBe("811c9dc5");
    expect(fnv1a("a")).toBe("e40c292c");
    expect(fnv1a("foobar")).toBe("bf9cf968");
  });
});

describe("groupFailures", () => {
  const six = Array.from({ length: 6 }, (_, i) =>
    item(`dup${i}`, "For my portfolio: should I change my gold allocation?", "Increase gold by 15 % — volatility is low.", {
      unit: i < 4 ? `u${i % 3}` : null,
      segment: i % 2 ? "internal" : "beta-power-users",
      at: 1000 + i,
    }),
  );
  const other = item("x", "Write sql code", "SELECT 1", { unit: "dev-1", segment: "default", at: 5 });
  const blank = [item("n1", null, null), item("n2", null, null)];

  it("makes one group of six duplicates, with count, units and segments, at the rank of its worst", () => {
    const groups = groupFailures([six[0], other, ...six.slice(1), ...blank]);
    expect(groups.map((g) => [g.rank, g.count, g.representative.id])).toEqual([
      [1, 6, "dup0"],
      [2, 1, "x"],
      [3, 1, "n1"],
      [4, 1, "n2"],
    ]);
    const g = groups[0];
    expect(g.members.map((m) => m.id)).toEqual(["dup0", "dup1", "dup2", "dup3", "dup4", "dup5"]);
    expect(g.units).toEqual(["u0", "u1", "u2"]);
    expect(g.segments).toEqual([
      { segment: "beta-power-users", count: 3 },
      { segment: "internal", count: 3 },
    ]);
    expect([g.firstAt, g.lastAt]).toEqual([1000, 1005]);
  });

  it("keeps the first `limit` groups", () => {
    expect(groupFailures([...six, other, ...blank], 2).map((g) => g.key)).toEqual([failureGroupKey(six[0]), failureGroupKey(other)]);
    expect(groupFailures([])).toEqual([]);
  });
});
