import type Database from "better-sqlite3";
import { ingestStore } from "../../lib/store/sqlite/row-statements";
import { minuteOf } from "../../lib/domain/buckets";
import { RollupDeltas } from "../../lib/domain/rollup";

// The baseline: the same rows written straight through better-sqlite3 — raw rows and rollups in
// one transaction per batch, with no HTTP, no validation and no feature lookup.

type Ev = Record<string, unknown>;

export function rawWriter(conn: Database.Database, features: Map<string, { id: string; phase: string; threshold: number }>) {
  const store = ingestStore(conn);
  return (events: Ev[], now: number) =>
    store.transaction(() => {
      const deltas = new RollupDeltas();
      for (const e of events) {
        const f = features.get(e.feature as string)!;
        if (e.type === "output") {
          const id = `${f.id}:${e.id}`;
          const key = { featureId: f.id, phase: f.phase, segment: e.segment as string, minute: minuteOf(now) };
          const shown = (e.confidence as number) >= f.threshold;
          if (
            store.insertOutput([
              id,
              f.id,
              e.id,
              f.phase,
              key.segment,
              e.unit,
              e.confidence,
              shown,
              shown ? "plain" : "fallback",
              e.inputType,
              e.model,
              e.input,
              e.output,
              false,
              now,
              key.minute,
              now,
            ])
          )
            deltas.addOutput(key, e.confidence as number, shown ? "plain" : "fallback", e.inputType as string);
        } else if (e.type === "label" || e.type === "feedback") {
          const o = store.output(`${f.id}:${e.outputId}`);
          if (!o) continue;
          const key = { featureId: o.featureId, phase: o.phase, segment: o.segment, minute: Number(o.minute) };
          if (e.type === "label") {
            store.upsertLabel([o.id, "human", e.correct, f.id, null, now, now]);
            deltas.addLabelChange(key, Number(o.confidence), o.inputType, {}, { human: e.correct as boolean });
          } else {
            store.upsertFeedback([o.id, f.id, e.value, null, now, now]);
            deltas.addFeedback(key, e.value as "up" | "down", 1, o.inputType);
          }
        } else if (e.type === "ticket") {
          const key = { featureId: f.id, phase: f.phase, segment: "default", minute: minuteOf(now) };
          if (
            store.insertTicket([
              `${f.id}:${e.id}`,
              f.id,
              `${f.id}:${e.outputId}`,
              f.phase,
              "default",
              e.severity,
              null,
              now,
              key.minute,
              now,
            ])
          )
            deltas.addTicket(key, false);
        }
      }
      store.applyDeltas(deltas);
    });
}
