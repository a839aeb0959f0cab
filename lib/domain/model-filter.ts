import type { Interval } from "./buckets";
import type { FeatureChange } from "./feature-changes";

// Model versions of a feature, as the outputs name them: when each was first seen (the change
// history's entries and chart marks), the filter's options, and what a model filter can show.

/** A model version's first sighting (ModelVersion row): epoch minute and the phase it was in. */
export interface ModelVersionRow {
  model: string;
  minute: number;
  phase: string;
}

export interface ModelOption {
  model: string;
  /** epoch ms of the first output seen with this model */
  firstSeen: number;
}

/** The model rollup keeps hours: a model filter reads per hour at least. */
export function modelInterval(interval: Interval, model: string | null | undefined): Interval {
  return model && interval === "minute" ? "hour" : interval;
}

/** The filter's options: newest first (ties by name). */
export function modelOptions(versions: ModelVersionRow[]): ModelOption[] {
  return [...versions]
    .sort((a, b) => b.minute - a.minute || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))
    .map((v) => ({ model: v.model, firstSeen: v.minute * 60_000 }));
}

/**
 * Each model's first sighting as a change, newest first. The earliest model is the feature's
 * baseline: listed (the history says which model the feature started with) but not marked on the
 * charts, where it would only sit on the first point. Ids are negative so they never collide with
 * audit ids. `phaseName` turns a phase key into its name.
 */
export function modelChanges(versions: ModelVersionRow[], phaseName: (key: string) => string = (k) => k): FeatureChange[] {
  const oldest = [...versions].sort((a, b) => a.minute - b.minute || (a.model < b.model ? -1 : 1));
  return oldest
    .map((v, i) => ({
      id: -(i + 1),
      at: v.minute * 60_000,
      kind: "model" as const,
      title: i === 0 ? `Model ${v.model} first seen` : `New model ${v.model} first seen`,
      actor: "outputs",
      reason: null,
      detail: i === 0 ? `phase ${phaseName(v.phase)}; the first model in this feature's outputs` : `phase ${phaseName(v.phase)}`,
      baseline: i === 0,
    }))
    .sort((a, b) => b.at - a.at || b.id - a.id);
}

/** Merges audit changes and model sightings, newest first. */
export function withModelChanges(changes: FeatureChange[], models: FeatureChange[]): FeatureChange[] {
  return [...changes, ...models].sort((a, b) => b.at - a.at || b.id - a.id);
}
