import { describe, expect, it } from "vitest";
import { ModelRollupDeltas, modelOf } from "./model-rollup";

const key = (minute: number, model?: string | null, phase = "beta") => ({ featureId: "f", phase, segment: "s", minute, model });

describe("ModelRollupDeltas", () => {
  it("counts an output, its label and its thumb again under the output's model, per hour", () => {
    const d = new ModelRollupDeltas();
    d.addOutput(key(600, "m1"), 0.93, "plain", "sql");
    d.addOutput(key(659, "m1"), 0.41, "fallback", "sql");
    d.addOutput(key(660, "m2"), 0.8, "flagged", "sql");
    d.addLabelChange(key(600, "m1"), 0.93, "sql", {}, { human: false });
    d.addFeedback(key(600, "m1"), "down");
    d.addTicket(key(700, "m2"), true);
    const rows = d.modelBuckets().sort((a, b) => a.key.hour - b.key.hour);
    expect(rows.map((r) => [r.key.model, r.key.hour])).toEqual([
      ["m1", 600],
      ["m2", 660],
    ]);
    expect(rows[0].delta).toMatchObject({ outputs: 2, shown: 1, fallbacks: 1, labelled: 1, thumbsDown: 1, h18: 1, l18: 1, h08: 1 });
    expect(rows[0].delta.correct ?? 0).toBe(0);
    expect(rows[1].delta).toMatchObject({ outputs: 1, shown: 1, flagged: 1, tickets: 1, criticalTickets: 1 });
    // the other rollups count everything once, as before
    expect(d.nonEmpty().reduce((n, b) => n + (b.delta.outputs ?? 0), 0)).toBe(3);
  });

  it("moves a verdict that changes (a later human label overruling the judge) within the output's model", () => {
    const d = new ModelRollupDeltas();
    d.addLabelChange(key(120, "m1"), 0.9, null, {}, { heuristic: true });
    d.addLabelChange(key(120, "m1"), 0.9, null, { heuristic: true }, { heuristic: true, human: false });
    const [row] = d.modelBuckets();
    expect(row.delta.labelled).toBe(1);
    expect(row.delta.correct ?? 0).toBe(0);
  });

  it("leaves out outputs without a model, accuracy samples and unlinked tickets", () => {
    const d = new ModelRollupDeltas();
    d.addOutput(key(60, null), 0.9, "plain");
    d.addOutput(key(60, "  "), 0.9, "plain");
    d.addAccuracySample(key(60, "m1"), 8, 10);
    d.addTicket(key(60), false);
    expect(d.modelBuckets()).toEqual([]);
    expect(d.firstSeen()).toEqual([]);
    expect(d.nonEmpty()[0].delta.outputs).toBe(2);
  });

  it("keeps the earliest minute each model appears in a batch, with its phase", () => {
    const d = new ModelRollupDeltas();
    d.addOutput(key(500, "m2", "gradual"), 0.9, "plain");
    d.addOutput(key(400, "m2", "beta"), 0.9, "plain");
    d.addOutput(key(450, "m2", "full"), 0.9, "plain");
    expect(d.firstSeen()).toEqual([{ featureId: "f", model: "m2", minute: 400, phase: "beta" }]);
  });

  it("reads a blank model as none", () => {
    expect(modelOf(key(1, " m "))).toBe("m");
    expect(modelOf(key(1, ""))).toBeNull();
    expect(modelOf(key(1))).toBeNull();
  });
});
