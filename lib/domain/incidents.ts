// Incidents: alerts of one feature that open close together, and the pause they caused, are one
// incident — acknowledged once, read as one timeline. Pure functions; the data layer stores them.

/** An alert joins the feature's latest incident while that is unresolved or ended this recently. */
export const INCIDENT_GAP_MS = 30 * 60_000;

export type IncidentStatus = "open" | "acknowledged" | "resolved";

export interface LatestIncident {
  id: string;
  status: IncidentStatus;
  lastAlertAt: number;
  resolvedAt: number | null;
}

/**
 * The incident a new alert opened at `at` belongs to: the feature's latest one if it is still
 * going, or if its last alert (or its end) is within `gapMs`; otherwise null (a new incident).
 */
export function incidentToJoin(latest: LatestIncident | null, at: number, gapMs = INCIDENT_GAP_MS): string | null {
  if (!latest) return null;
  if (latest.status !== "resolved") return latest.id;
  const end = Math.max(latest.lastAlertAt, latest.resolvedAt ?? latest.lastAlertAt);
  return at - end <= gapMs ? latest.id : null;
}

/**
 * An incident is resolved when every alert in it is resolved and the feature runs again;
 * acknowledged when every unresolved alert is acknowledged (or, with none left, someone took it
 * while the feature stays paused); else open — so an alert that joins after the acknowledgement
 * opens the incident again, until someone takes it too.
 */
export function incidentStatus(input: { alertStatuses: string[]; featurePaused: boolean; acknowledged: boolean }): IncidentStatus {
  const unresolved = input.alertStatuses.filter((s) => s !== "resolved");
  if (unresolved.length === 0 && !input.featurePaused) return "resolved";
  if (unresolved.length > 0) return unresolved.every((s) => s === "acknowledged") ? "acknowledged" : "open";
  return input.acknowledged ? "acknowledged" : "open";
}

export interface TitleAlert {
  rule: string;
  /** the rule's action: "pause" or "notify" */
  action: string;
  openedAt: number;
}

/**
 * What the incident is about: the rule that paused the feature; before (or without) a pause by a
 * rule, the first alert of a rule that pauses; else the first alert — not whichever alert of a
 * minor rule happened to open first.
 */
export function incidentTitle(alerts: TitleAlert[], pausedByRule: string | null): string {
  if (pausedByRule) return pausedByRule;
  const byOpen = [...alerts].sort((a, b) => a.openedAt - b.openedAt);
  return (byOpen.find((a) => a.action === "pause") ?? byOpen[0])?.rule ?? "Alert";
}

export interface TimelineAlert {
  id: string;
  rule: string;
  message: string;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
}

export interface TimelineEvent {
  at: number;
  /** audit action: feature.pause, feature.resume, incident.acknowledge */
  action: string;
  /** who, for people: an email, "API key rg_…", "rule “…”" */
  who: string;
  byRule: boolean;
  reason: string | null;
}

export type TimelineKind = "first_breach" | "alert" | "paused" | "acknowledged" | "resumed" | "resolved";

export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  who: string | null;
}

const ORDER: TimelineKind[] = ["first_breach", "alert", "paused", "acknowledged", "resumed", "resolved"];

/**
 * What happened, in order: the first breach, further alerts, the pause (automatic or by whom),
 * acknowledgements, the resume and the alerts' resolution — each with its time, who and why.
 */
export function incidentTimeline(alerts: TimelineAlert[], events: TimelineEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const byOpen = [...alerts].sort((a, b) => a.openedAt - b.openedAt);
  byOpen.forEach((a, i) => {
    entries.push({
      at: a.openedAt,
      kind: i === 0 ? "first_breach" : "alert",
      title: i === 0 ? `First breach: ${a.rule}` : `Alert: ${a.rule}`,
      detail: a.message,
      who: null,
    });
    if (a.acknowledgedAt !== null)
      entries.push({
        at: a.acknowledgedAt,
        kind: "acknowledged",
        title: `Alert acknowledged: ${a.rule}`,
        detail: null,
        who: a.acknowledgedBy,
      });
    if (a.resolvedAt !== null)
      entries.push({
        at: a.resolvedAt,
        kind: "resolved",
        title: `Resolved: ${a.rule}`,
        detail: "The rule's evidence is back within its limit.",
        who: null,
      });
  });
  for (const e of events) {
    if (e.action === "feature.pause")
      entries.push({ at: e.at, kind: "paused", title: e.byRule ? "Paused automatically" : "Paused", detail: e.reason, who: e.who });
    else if (e.action === "feature.resume") entries.push({ at: e.at, kind: "resumed", title: "Resumed", detail: e.reason, who: e.who });
    else if (e.action === "incident.acknowledge")
      entries.push({ at: e.at, kind: "acknowledged", title: "Incident acknowledged", detail: e.reason, who: e.who });
  }
  return entries.sort((a, b) => a.at - b.at || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

// "Possibly the judge, not the feature" (issue 23): where people label few outputs, an LLM judge's
// verdicts make much of the accuracy the quality rules read. When the judge's agreement with people
// dropped at the same time, the quality alert may be the judge's drift rather than the feature's:
// the incident links both and says so, before anyone pauses or rolls back on the judge's word.

/** Rule metrics (window rules) and signals (sequential rules) whose evidence is the outputs' correctness. */
export const QUALITY_METRICS: ReadonlySet<string> = new Set([
  "accuracy_floor",
  "accuracy_drop",
  "overconfidence",
  "accuracy",
  "confident_wrong",
  "judge",
  "estimate",
]);
export const JUDGE_METRIC = "judge_agreement_drop";
export const JUDGE_NOTE = "possibly the judge, not the feature";

export interface SuspicionAlert {
  id: string;
  rule: string;
  metric: string;
  /** the rule's window: a judge alert's evidence reaches this far back from its opening */
  windowMinutes: number;
  openedAt: number;
  resolvedAt: number | null;
  incidentId: string | null;
}

export interface JudgeSuspicion {
  quality: SuspicionAlert[];
  judge: SuspicionAlert[];
  /** one sentence naming both */
  text: string;
  /** the same sentence after its opening words (a heading on the page says them) */
  detail: string;
}

/**
 * Whether an incident's quality alerts may be the judge's doing: it holds an accuracy, floor,
 * overconfidence or sequential accuracy alert, and a judge-agreement alert of the same feature
 * is in the incident or its evidence (its window before it opened, until it resolved) overlaps the
 * incident's time. `alerts`: the incident's own and the feature's judge-agreement alerts.
 */
export function judgeSuspicion(
  incident: { id: string; openedAt: number; endedAt: number | null },
  alerts: readonly SuspicionAlert[],
  now: number,
): JudgeSuspicion | null {
  const quality = alerts.filter((a) => a.incidentId === incident.id && QUALITY_METRICS.has(a.metric));
  if (quality.length === 0) return null;
  const end = incident.endedAt ?? now;
  const judge = alerts.filter(
    (a) =>
      a.metric === JUDGE_METRIC &&
      (a.incidentId === incident.id || (a.openedAt - a.windowMinutes * 60_000 <= end && (a.resolvedAt ?? now) >= incident.openedAt)),
  );
  if (judge.length === 0) return null;
  const names = (xs: SuspicionAlert[]) => [...new Set(xs.map((a) => `“${a.rule}”`))].join(", ");
  const detail = `The judge's agreement with people dropped too (${names(judge)}) while ${names(quality)} fired — check the judge's recent verdicts against people's before acting on the feature.`;
  return {
    quality,
    judge,
    text: `${JUDGE_NOTE[0].toUpperCase()}${JUDGE_NOTE.slice(1)}: ${detail[0].toLowerCase()}${detail.slice(1)}`,
    detail,
  };
}
