import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchOf, batchesOf, T0, testPhases } from "../testing/ingest-arbitraries";
import { IngestModel } from "../testing/ingest-model";
import type { IngestEvent } from "../schemas/events";
import { planIngest } from "./ingest-plan";
import type { PlanFeature } from "./ingest-rows";
import { reasonsOf } from "./queue-priority";
import { effectiveVerdict } from "./rollup";
import { planVerdictRevert } from "./verdict-revert";

// The ingest rules without a database: a model store applies each plan as the engines do.

const feature: PlanFeature = { id: "f1", key: "summary", phases: testPhases, currentPhase: testPhases[0] };
const NOW = T0 + 86_400_000;
const at = (minute: number) => T0 + minute * 60_000;

function send(model: IngestModel, events: IngestEvent[], now = NOW) {
  const batch = batchOf(events, feature);
  const plan = planIngest(batch, now, model.stateFor(batch));
  model.apply(plan);
  return plan;
}

const out = (id: string, extra: Partial<IngestEvent> = {}) =>
  ({ type: "output", feature: "summary", id, confidence: 0.95, segment: "a", phase: "beta", timestamp: at(0), ...extra }) as IngestEvent;
const label = (outputId: string, correct: boolean, minute: number, source: "human" | "heuristic" | "ground_truth" = "human") =>
  ({ type: "label", feature: "summary", outputId, correct, source, timestamp: at(minute) }) as IngestEvent;
const thumb = (outputId: string, value: "up" | "down", minute: number) =>
  ({ type: "feedback", feature: "summary", outputId, value, timestamp: at(minute) }) as IngestEvent;
const ticket = (id: string, outputId: string, severity: "normal" | "critical" = "normal") =>
  ({ type: "ticket", feature: "summary", id, outputId, severity, timestamp: at(5) }) as IngestEvent;
const sum = (model: IngestModel, column: string) => [...model.rollups.minute.values()].reduce((s, d) => s + (d[column] ?? 0), 0);

describe("planIngest", () => {
  it("stores an output once: a second copy in the batch or a resend later is a duplicate", () => {
    const model = new IngestModel();
    const first = send(model, [out("o1"), out("o1", { confidence: 0.2 })]);
    expect([first.accepted, first.duplicates, first.outputs.map((o) => o.confidence)]).toEqual([1, 1, [0.95]]);
    const again = send(model, [out("o1")]);
    expect([again.accepted, again.duplicates, again.outputs.length, again.deltas.nonEmpty().length]).toEqual([0, 1, 0, 0]);
    expect(sum(model, "outputs")).toBe(1);
  });

  it("a late label changes nothing; a newer one flips the verdict and moves accuracy by one", () => {
    const model = new IngestModel();
    send(model, [out("o1"), label("o1", false, 10)]);
    expect([sum(model, "labelled"), sum(model, "correct")]).toEqual([1, 0]);
    const late = send(model, [label("o1", true, 5)]); // older than the stored verdict of its source
    expect([late.accepted, late.duplicates, late.labels.length]).toEqual([0, 1, 0]);
    const flip = send(model, [label("o1", true, 20)]);
    expect([flip.accepted, flip.labels.map((l) => l.correct)]).toEqual([1, [true]]);
    expect([sum(model, "labelled"), sum(model, "correct")]).toEqual([1, 1]);
  });

  it("counts the effective verdict: a heuristic under a human verdict moves no accuracy, only the judge pair", () => {
    const model = new IngestModel();
    send(model, [out("o1"), label("o1", true, 1)]);
    const judge = send(model, [label("o1", false, 2, "heuristic")]);
    // only the judge's sums move in the buckets (issue 23): one more judged output, said wrong, paired
    // with a random-sample verdict (beta's review rate samples every output)
    expect(judge.deltas.nonEmpty().map((b) => b.delta)).toEqual([{ judged: 1, randomJudgeSaysWrong: 1 }]);
    expect(judge.deltas.nonEmptyJudge().map((j) => j.delta)).toEqual([{ judgeSaysWrong: 1 }]);
  });

  it("rejects a label or thumb for an output that is not stored", () => {
    const plan = send(new IngestModel(), [label("nope", true, 1), thumb("nope", "up", 1)]);
    expect(plan.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, "unknown_output"],
      [1, "unknown_output"],
    ]);
  });

  it("keeps the newest thumb: an older one is a duplicate, a change moves up to down", () => {
    const model = new IngestModel();
    send(model, [out("o1"), thumb("o1", "up", 10)]);
    expect(send(model, [thumb("o1", "down", 5)]).duplicates).toBe(1);
    send(model, [thumb("o1", "down", 15)]);
    expect([sum(model, "thumbsUp"), sum(model, "thumbsDown")]).toEqual([0, 1]);
  });

  it("keeps the review queue: reasons from the judge, thumbs and tickets; a human verdict takes the item out", () => {
    const model = new IngestModel();
    send(model, [out("o1")]); // beta reviews every output
    expect(reasonsOf(model.pending.get("f1:o1")!.flags).sort()).toEqual(["confident", "sampled"]);
    send(model, [label("o1", false, 1, "heuristic"), thumb("o1", "down", 2), ticket("t1", "o1", "critical")]);
    expect(reasonsOf(model.pending.get("f1:o1")!.flags)).toEqual(
      expect.arrayContaining(["judge_wrong", "thumbs_down", "ticket", "critical_ticket"]),
    );
    send(model, [label("o1", true, 3, "heuristic"), thumb("o1", "up", 4)]);
    expect(reasonsOf(model.pending.get("f1:o1")!.flags)).not.toContain("judge_wrong");
    expect(reasonsOf(model.pending.get("f1:o1")!.flags)).not.toContain("thumbs_down");
    const verdict = send(model, [label("o1", true, 30)]);
    expect(verdict.pendingDeletes).toEqual(["f1:o1"]);
    expect(model.verdicts.get("f1:o1")).toMatchObject({ at: at(30), waitMs: at(30) - at(0) });
  });

  it("an undone verdict puts back the label, queue item and latency row, and the exact accuracy", () => {
    const model = new IngestModel();
    send(model, [out("o1"), label("o1", false, 1, "heuristic")]);
    const before = { human: null, pending: model.pending.get("f1:o1")!, verdict: null };
    const rollups = structuredClone(model.rollups);
    send(model, [label("o1", true, 2)]);
    expect(planVerdictRevert(model.output("f1:o1"), model.verdictsOf("f1:o1"), false, before)).toBeNull(); // not the verdict given
    model.apply(planVerdictRevert(model.output("f1:o1"), model.verdictsOf("f1:o1"), true, before)!);
    expect(model.verdictsOf("f1:o1")).toEqual({ heuristic: false });
    expect(model.pending.get("f1:o1")).toEqual(before.pending);
    expect(model.verdicts.has("f1:o1")).toBe(false);
    expect(model.rollups).toEqual(rollups);
  });
});

describe("planIngest properties", () => {
  it("rollups always equal a recount of the stored rows, whatever the batches", () => {
    fc.assert(
      fc.property(batchesOf("summary"), (batches) => {
        const model = new IngestModel();
        for (const events of batches) send(model, events);
        const outputs = [...model.outputs.values()];
        const effective = outputs.map((o) => effectiveVerdict(model.verdictsOf(o.id))).filter((v) => v !== undefined);
        const samples = [...model.samples.values()];
        const thumbs = [...model.feedback.values()];
        expect(sum(model, "outputs")).toBe(outputs.length);
        expect(sum(model, "labelled")).toBe(effective.length + samples.reduce((s, x) => s + x.total, 0));
        expect(sum(model, "correct")).toBe(effective.filter(Boolean).length + samples.reduce((s, x) => s + x.correct, 0));
        expect(sum(model, "thumbsUp")).toBe(thumbs.filter((t) => t.value === "up").length);
        expect(sum(model, "thumbsDown")).toBe(thumbs.filter((t) => t.value === "down").length);
        expect(sum(model, "tickets")).toBe(model.tickets.size);
        // waiting items: flagged outputs without a human or ground-truth verdict
        const waiting = outputs.filter(
          (o) => o.review && !model.labels.has(`${o.id}\u0000human`) && !model.labels.has(`${o.id}\u0000ground_truth`),
        );
        expect([...model.pending.keys()].sort()).toEqual(waiting.map((o) => o.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  // With times that only grow. (Otherwise a resend can change a verdict: a repeat of the stored
  // verdict is a duplicate and leaves its time alone, so a late label stamped between the two still
  // wins over the first, and the repeat, sent again, then wins back.)
  it("a batch sent again changes nothing: every event it had accepted is now a duplicate", () => {
    fc.assert(
      fc.property(batchesOf("summary", { inOrder: true }), (batches) => {
        const model = new IngestModel();
        for (const events of batches) {
          const first = send(model, events);
          const again = send(model, events);
          expect(again.accepted).toBe(0);
          expect(again.duplicates).toBe(first.accepted + first.duplicates);
          expect(again.deltas.nonEmpty()).toEqual([]);
          expect([
            again.outputs,
            again.labels,
            again.feedback,
            again.tickets,
            again.pendingInserts,
            again.pendingDeletes,
            again.pendingFlags,
          ]).toEqual([[], [], [], [], [], [], []]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the random review sample (issue 23)", () => {
  const rest = { ...out("x"), phase: "full" } as IngestEvent; // full samples nothing
  const labelled = (
    outputId: string,
    correct: boolean,
    minute: number,
    source: "human" | "heuristic" | "ground_truth",
    sample?: "random" | "targeted",
  ) => ({ ...(label(outputId, correct, minute, source) as object), ...(sample ? { sample } : {}) }) as IngestEvent;
  const sums = (model: IngestModel) =>
    Object.fromEntries(
      ["judged", "judgedCorrect", "judgeLabelled", "judgeLabelledCorrect", "randomAgreeCorrect", "randomJudgeSaysCorrect"].map((c) => [
        c,
        sum(model, c),
      ]),
    );

  it("records an output sampled by its phase's review rate as random, one the product asked for as not", () => {
    const plan = send(new IngestModel(), [out("s1"), out("p1", { review: true }), { ...rest, id: "n1" } as IngestEvent]);
    expect(plan.outputs.map((o) => [o.clientId, o.review, o.sampled])).toEqual([
      ["s1", true, true],
      ["p1", true, false],
      ["n1", false, false],
    ]);
  });

  it("pairs the judge with a person only on the random sample: sampled at ingest, or a label sent as random", () => {
    const model = new IngestModel();
    send(model, [out("s1"), { ...rest, id: "t1" } as IngestEvent, { ...rest, id: "r1" } as IngestEvent]);
    send(model, [
      labelled("s1", true, 1, "heuristic"),
      labelled("t1", true, 1, "heuristic"),
      labelled("r1", true, 1, "heuristic"),
      labelled("s1", false, 2, "human"), // sampled at ingest: random
      labelled("t1", false, 2, "human"), // targeted (the default): no pair
      labelled("r1", true, 2, "ground_truth", "random"),
    ]);
    expect(sums(model)).toEqual({
      judged: 3,
      judgedCorrect: 3,
      judgeLabelled: 0,
      judgeLabelledCorrect: 0,
      randomAgreeCorrect: 1,
      randomJudgeSaysCorrect: 1,
    });
    // the judge flips on r1: the pair moves from one cell to the other; calibration bins follow the random verdicts only
    send(model, [labelled("r1", false, 3, "heuristic")]);
    expect(sums(model)).toEqual({
      judged: 3,
      judgedCorrect: 2,
      judgeLabelled: 0,
      judgeLabelledCorrect: 0,
      randomAgreeCorrect: 0,
      randomJudgeSaysCorrect: 1,
    });
    const hour = [...model.rollups.judge.values()].reduce((s, d) => s + (d.rl19 ?? 0), 0);
    expect(hour).toBe(2);
  });

  it("an undone random verdict gives its pair back", () => {
    const model = new IngestModel();
    send(model, [out("s1"), labelled("s1", true, 1, "heuristic")]);
    expect(sums(model)).toMatchObject({ judged: 1, judgeLabelled: 1, judgeLabelledCorrect: 1, randomAgreeCorrect: 0 });
    send(model, [labelled("s1", true, 2, "human")]);
    expect(sums(model)).toMatchObject({ judged: 1, judgeLabelled: 0, judgeLabelledCorrect: 0, randomAgreeCorrect: 1 });
    const id = model.outputs.get(`${feature.id}:s1`)!.id;
    const plan = planVerdictRevert(
      model.output(id),
      model.verdictsOf(id),
      true,
      { human: null, pending: null, verdict: null },
      model.randomFlagsOf(id),
    );
    model.apply(plan!);
    expect(sums(model)).toMatchObject({ judged: 1, judgeLabelled: 1, judgeLabelledCorrect: 1, randomAgreeCorrect: 0 });
  });
});
