import { Random } from "../../lib/demo/random";

// Mixed ingest batches at realistic ratios: per 10 events about 6 outputs (with texts),
// 2 labels, 1.5 feedback and 0.5 tickets, each follow-up referring to an output already sent.

const FEATURES = ["meeting-summary", "portfolio-advisor", "code-assist"];
const TEXT_IN = "Summarise the attached meeting transcript about quarterly planning, hiring and the customer escalation. ".repeat(3);
const TEXT_OUT = "Decisions: ship v2 in March; hire two engineers. Action items: Ana drafts the plan; Omar calls the customer. ".repeat(2);

export class EventSource {
  private rng: Random;
  private seq = 0;
  private recent: { id: string; feature: string }[] = [];

  constructor(
    private readonly prefix: string,
    seed = 1,
  ) {
    this.rng = new Random(seed);
  }

  batch(size: number, now = Date.now(), duplicateShare = 0, previous?: unknown[]): unknown[] {
    const events: unknown[] = [];
    const dupes = previous ? Math.floor(size * duplicateShare) : 0;
    for (let i = 0; i < dupes; i++) events.push(previous![this.rng.int(previous!.length)]);
    while (events.length < size) {
      const r = this.rng.next();
      if (r < 0.6 || this.recent.length < 50) {
        const feature = FEATURES[this.seq % 3];
        const id = `${this.prefix}-${this.seq++}`;
        this.recent.push({ id, feature });
        if (this.recent.length > 5000) this.recent.splice(0, 1000);
        events.push({
          type: "output",
          id,
          feature,
          confidence: Math.round((0.6 + 0.4 * this.rng.next()) * 1000) / 1000,
          segment: this.rng.pick(["enterprise", "smb", "default"]),
          inputType: this.rng.pick(["sql", "python", "meeting"]),
          unit: `u${this.rng.int(100000)}`,
          model: "m1",
          input: TEXT_IN,
          output: TEXT_OUT,
          timestamp: now,
        });
        continue;
      }
      const o = this.recent[this.rng.int(this.recent.length)];
      if (r < 0.8) events.push({ type: "label", outputId: o.id, feature: o.feature, correct: this.rng.chance(0.9), source: "human" });
      else if (r < 0.95) events.push({ type: "feedback", outputId: o.id, feature: o.feature, value: this.rng.chance(0.9) ? "up" : "down" });
      else events.push({ type: "ticket", id: `t-${this.prefix}-${this.seq++}`, feature: o.feature, outputId: o.id, severity: "normal" });
    }
    return events;
  }
}
