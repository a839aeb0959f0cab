import { bucketStartOf } from "./alert-areas";
import { INTERVAL_MINUTES, MINUTE_MS, type Interval } from "./buckets";

// A feature's change history, for every role: pauses, resumes, phase moves, plan and rule edits —
// read from the audit log — and the same changes as numbered marks on the charts, so a dip can be
// read against what was changed just before it.

/** Audit actions that change what a feature does, with how they read in the history. */
export const CHANGE_ACTIONS: Record<string, { kind: ChangeKind; title: string }> = {
  "feature.pause": { kind: "state", title: "Paused" },
  "feature.resume": { kind: "state", title: "Resumed" },
  "feature.advance": { kind: "phase", title: "Advanced to the next phase" },
  "feature.advance_override": { kind: "phase", title: "Advanced to the next phase (criteria overridden)" },
  "feature.rollback": { kind: "phase", title: "Rolled back to the previous phase" },
  "feature.create": { kind: "setup", title: "Created" },
  "feature.update": { kind: "setup", title: "Settings edited" },
  "plan.update": { kind: "plan", title: "Plan edited" },
  "rule.create": { kind: "rule", title: "Alert rule created" },
  "rule.update": { kind: "rule", title: "Alert rule edited" },
  "rule.enable": { kind: "rule", title: "Alert rule switched on" },
  "rule.disable": { kind: "rule", title: "Alert rule switched off" },
  "rule.delete": { kind: "rule", title: "Alert rule deleted" },
  "rule.upgrade": { kind: "rule", title: "Alert rule upgraded to sequential detection" },
  "rule.follow_phase": { kind: "rule", title: "Alert rule followed the phase" },
  "incident.acknowledge": { kind: "incident", title: "Incident acknowledged" },
};

/** "model": a model version first seen in the outputs (lib/domain/model-filter.ts), not an audit row */
export type ChangeKind = "state" | "phase" | "setup" | "plan" | "rule" | "incident" | "model";

/** Kinds worth a mark on the charts: what changes the product's behaviour or what is watched. */
const MARKED: ReadonlySet<ChangeKind> = new Set(["state", "phase", "plan", "rule", "model"]);

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  after: string | null;
}

export interface FeatureChange {
  id: number;
  /** epoch ms */
  at: number;
  kind: ChangeKind;
  title: string;
  /** audit label: "user:…", "key:…", "rule:…", "cli" */
  actor: string;
  reason: string | null;
  /** e.g. the phase moved to, or the rule's name */
  detail: string | null;
  /** the feature's first model: listed, not marked on the charts */
  baseline?: boolean;
}

function detailOf(row: AuditRow): string | null {
  if (!row.after) return null;
  try {
    const after = JSON.parse(row.after) as Record<string, unknown>;
    const phase = after.phase as { key?: unknown; name?: unknown } | string | undefined;
    if (row.action.startsWith("feature.") && phase) {
      const name = typeof phase === "string" ? phase : (phase.name ?? phase.key);
      if (typeof name === "string") return row.action === "feature.create" ? `in ${name}` : `now ${name}`;
    }
    if (typeof after.name === "string" && row.action.startsWith("rule.")) return after.name;
  } catch {
    // a free-form after: nothing to add
  }
  return null;
}

/** Audit rows of one feature as changes, newest first; actions that change nothing are left out. */
export function toFeatureChanges(rows: AuditRow[]): FeatureChange[] {
  return rows
    .filter((r) => r.action in CHANGE_ACTIONS)
    .map((r) => ({
      id: r.id,
      at: r.at.getTime(),
      kind: CHANGE_ACTIONS[r.action].kind,
      title: CHANGE_ACTIONS[r.action].title,
      actor: r.actor,
      // a rule edit's reason is the rule's name (the audit keeps it there)
      reason: r.action.startsWith("rule.") ? null : r.reason,
      detail: detailOf(r) ?? (r.action.startsWith("rule.") ? r.reason : null),
    }))
    .sort((a, b) => b.at - a.at || b.id - a.id);
}

export interface ChangeMark {
  /** bucket start (epoch minute) the change falls in, present in the rows */
  x: number;
  /** "C1", "C2" … oldest first; several changes in one bucket share a mark ("C2–C4") */
  label: string;
  changes: (FeatureChange & { label: string })[];
}

/**
 * At most this many marks on a chart: the newest ones (the history lists every change). Counted in
 * marks, not changes, so that a burst (twenty pauses and resumes in an hour) takes one mark and does
 * not push an older change — a new model version, a plan edit — off the chart.
 */
export const MAX_MARKS = 12;

/** Changes snapped to the chart's buckets (like alert periods); changes outside the rows are left out. */
export function changeMarks(changes: FeatureChange[], rowStarts: number[], interval: Interval, bucketMinutes?: number): ChangeMark[] {
  if (rowStarts.length === 0) return [];
  const starts = [...rowStarts].sort((a, b) => a - b);
  const end = starts[starts.length - 1] + (bucketMinutes ?? INTERVAL_MINUTES[interval]);
  const inRange = changes
    .filter((c) => MARKED.has(c.kind) && !c.baseline)
    .map((c) => ({ c, minute: Math.floor(c.at / MINUTE_MS) }))
    .filter(({ minute }) => minute >= starts[0] && minute < end)
    .sort((a, b) => a.c.at - b.c.at || a.c.id - b.c.id);
  const byBucket = new Map<number, FeatureChange[]>();
  for (const { c, minute } of inRange) {
    const x = bucketStartOf(starts, minute);
    byBucket.set(x, [...(byBucket.get(x) ?? []), c]);
  }
  let n = 0;
  return [...byBucket].slice(-MAX_MARKS).map(([x, bucket]) => {
    const list = bucket.map((c) => ({ ...c, label: `C${++n}` }));
    return { x, label: list.length === 1 ? list[0].label : `${list[0].label}–${list[list.length - 1].label}`, changes: list };
  });
}

/** How a mark reads in the chart's legend: its changes one by one, or counted by kind when there are many. */
export function markLegend(mark: ChangeMark, maxListed = 3): { listed: ChangeMark["changes"]; summary: string | null } {
  if (mark.changes.length <= maxListed) return { listed: mark.changes, summary: null };
  const counts = new Map<string, number>();
  for (const c of mark.changes) counts.set(c.title, (counts.get(c.title) ?? 0) + 1);
  const parts = [...counts].map(([title, k]) => (k === 1 ? title : `${title} ×${k}`));
  return { listed: [], summary: `${mark.changes.length} changes: ${parts.join(", ")}` };
}
