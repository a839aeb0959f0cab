import { JUDGE_NOTE } from "./incidents";

// What a notification says, per channel kind, from one notice. Pure: the delivery worker posts it.
// Slack: an incoming webhook takes `text` (the notification's fallback) and Block Kit `blocks`
// (header, section with mrkdwn, context); mrkdwn escapes &, < and > and writes links <url|label>.

/** One incident as its opening and resolving messages tell it: its alerts (one per rule, with their slices) and who acted. */
/** A rule's figure as a notification shows it: its value, 95 % interval and sample. */
export interface AlertFigure {
  rule: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
  metric: string;
  action: string;
}

export interface IncidentNotice {
  id: string;
  title: string;
  status: string;
  alerts: (AlertFigure & {
    id: string;
    /** "phase beta; segments beta-power-users, internal"; null for a rule that watches one scope */
    slices: string | null;
    status: string;
  })[];
  /** pauses, resumes and acknowledgements, oldest first, with names ("rule “Accuracy below 90 %”", "Ana Ops (ana@example.com)") */
  actions: { kind: "paused" | "resumed" | "acknowledged"; who: string; byRule: boolean; reason: string | null; at: string }[];
  /** a quality alert while the judge's agreement with people dropped too: "possibly the judge, not the feature" (incidents.ts judgeSuspicion) */
  judge?: { text: string; alerts: { id: string; rule: string; incidentId: string | null }[] } | null;
}

export interface NoticePayload {
  /** the one line a chat channel shows */
  text: string;
  event: string;
  /** the feature's key; empty for a channel test that is not about one feature */
  feature: string;
  featureName?: string;
  at: string;
  incidentId?: string | null;
  alert?: AlertFigure;
  incident?: IncidentNotice;
  reason?: string;
  actor?: string;
  [k: string]: unknown;
}

const SLACK_HEADER_MAX = 150;
const SLACK_SECTION_MAX = 3000;

export const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const RATE_METRICS = new Set([
  "accuracy",
  "judge",
  "estimate",
  "accuracy_floor",
  "accuracy_drop",
  "thumbs_down",
  "thumbs_down_ceiling",
  "overconfidence",
]);

/** "81.0 % (95 % interval 77.2–84.5 %, n = 400)" — the figure with its interval and sample. */
export function figureText(a: AlertFigure): string {
  if (a.value === null) return `n = ${a.sampleSize}`;
  const rate = RATE_METRICS.has(a.metric);
  const v = rate ? pct(a.value) : String(a.value);
  const interval = rate && a.lower !== null && a.upper !== null ? ` (95 % interval ${(a.lower * 100).toFixed(1)}–${pct(a.upper)}` : " (";
  return `${v}${interval}${interval === " (" ? "" : ", "}n = ${a.sampleSize})`;
}

/**
 * Links a person opens from the notification: the feature page and, if any, the incident. A
 * notice about no feature in particular (a channel's test) links to the overview and the channels
 * page instead — never to a feature page that does not exist.
 */
export function noticeLinks(p: NoticePayload, baseUrl: string) {
  const base = baseUrl.replace(/\/$/, "");
  const incidentId = p.incidentId ?? p.incident?.id ?? null;
  return {
    feature: p.feature ? `${base}/features/${encodeURIComponent(p.feature)}` : null,
    incident: incidentId ? `${base}/incidents/${encodeURIComponent(incidentId)}` : null,
    ...(p.feature ? {} : { overview: `${base}/` }),
    ...(p.event === "test" ? { channels: `${base}/admin/channels` } : {}),
    // the judge's agreement with people, beside the feature: where to check "possibly the judge"
    ...(p.incident?.judge && p.feature ? { judge: `${base}/review/judge?feature=${encodeURIComponent(p.feature)}` } : {}),
  };
}

const ACTION_WORDS = { paused: "Paused", resumed: "Resumed", acknowledged: "Acknowledged" } as const;

/** An incident's facts, one line each: every alert with its slices and figure, then who acted and why. */
export function incidentLines(i: IncidentNotice): string[] {
  const alerts = i.alerts.map(
    (a) =>
      `${a.rule}${a.slices ? ` (${a.slices})` : ""}: ${figureText(a)}${a.action === "pause" ? " — this rule pauses the feature" : ""}${a.status === "resolved" ? " — resolved" : ""}`,
  );
  const actions = i.actions.map(
    (x) =>
      `${x.kind === "paused" && x.byRule ? "Paused automatically" : ACTION_WORDS[x.kind]} by ${x.who}${x.reason ? `: ${x.reason}` : ""}`,
  );
  return [...alerts, ...(i.judge ? [i.judge.text] : []), ...actions];
}

const TITLES: Record<string, string> = {
  "alert.opened": "Alert opened",
  "alert.resolved": "Alert resolved",
  "feature.paused": "Feature paused",
  "feature.resumed": "Feature resumed",
  "incident.opened": "Incident",
  "incident.resolved": "Incident resolved",
  test: "Test notification",
};

/** An incoming-webhook message in Slack's format: fallback `text` plus Block Kit blocks. */
export function slackMessage(p: NoticePayload, baseUrl: string) {
  const links = noticeLinks(p, baseUrl);
  const name = p.featureName ?? p.feature;
  const header = slackEscape(`${TITLES[p.event] ?? p.event}: ${name}`.slice(0, SLACK_HEADER_MAX));
  const lines = [slackEscape(p.text)];
  if (p.alert)
    lines.push(
      `*${slackEscape(p.alert.rule)}*: ${slackEscape(figureText(p.alert))}${p.alert.action === "pause" ? " — this rule pauses the feature" : ""}`,
    );
  if (p.incident) lines.push(...incidentLines(p.incident).map((l) => `• ${slackEscape(l)}`));
  if (p.reason && !p.alert && !p.incident) lines.push(`Reason: ${slackEscape(p.reason)}`);
  const linkText = [
    links.feature ? `<${links.feature}|Open ${slackEscape(name)}>` : `<${links.overview}|Open Rollguard>`,
    ...(links.incident ? [`<${links.incident}|Incident timeline>`] : []),
    ...(links.judge ? [`<${links.judge}|Judge agreement>`] : []),
    ...(links.channels ? [`<${links.channels}|Notification channels>`] : []),
  ].join("  ·  ");
  return {
    text: slackEscape(p.text), // the fallback too: a reason's `<!channel>` or `<https://…|link>` stays inert
    blocks: [
      { type: "header", text: { type: "plain_text", text: header } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, SLACK_SECTION_MAX) } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${linkText}  ·  ${slackEscape(p.at)}` }] },
    ],
  };
}

/** An email: subject and plain-text body with the same facts and links. */
export function emailMessage(p: NoticePayload, baseUrl: string) {
  const links = noticeLinks(p, baseUrl);
  const name = p.featureName ?? p.feature;
  const body = [
    p.text,
    ...(p.alert ? [`${p.alert.rule}: ${figureText(p.alert)}`] : []),
    ...(p.incident ? incidentLines(p.incident).map((l) => `- ${l}`) : []),
    ...(p.reason && !p.alert && !p.incident ? [`Reason: ${p.reason}`] : []),
    "",
    links.feature ? `Feature: ${links.feature}` : `Rollguard: ${links.overview}`,
    ...(links.incident ? [`Incident timeline: ${links.incident}`] : []),
    ...(links.judge ? [`Judge agreement: ${links.judge}`] : []),
    ...(links.channels ? [`Notification channels: ${links.channels}`] : []),
    `At: ${p.at}`,
  ].join("\n");
  return { subject: `[Rollguard] ${TITLES[p.event] ?? p.event}: ${name}`, text: body };
}

/** The generic webhook's JSON: the notice as stored, plus the links. */
export function webhookMessage(p: NoticePayload, baseUrl: string) {
  return { ...p, links: noticeLinks(p, baseUrl) };
}

/**
 * Whether a channel gets a notice. Chat channels (Slack, email) cannot edit or thread a message,
 * so they hear an incident twice — when it opens and when it resolves, each message listing its
 * alerts, slices, the pause and who acted — and not each alert, slice or state change inside it;
 * a pause or resume outside any incident still reaches them. Signed webhooks get every event they
 * subscribe to; `alert.updated` (a slice joined or recovered) comes with `alert.opened`, and the
 * incident events with the alert events, for channels subscribed before those events existed.
 */
export function channelWants(kind: string, subscribed: string[], event: string, partOfIncident: boolean): boolean {
  const wants = (e: string) => subscribed.includes(e);
  if (event === "incident.opened") return wants("incident.opened") || wants("alert.opened");
  if (event === "incident.resolved") return wants("incident.resolved") || wants("alert.resolved");
  if (kind === "slack" || kind === "email") {
    if (event.startsWith("alert.")) return false;
    if (event === "feature.paused" || event === "feature.resumed") return wants(event) && !partOfIncident;
    return wants(event);
  }
  if (event === "alert.updated") return wants("alert.updated") || wants("alert.opened");
  return wants(event);
}

/** The one line of an incident's opening or resolving message. */
export function incidentText(featureName: string, i: IncidentNotice, kind: "opened" | "reopened" | "resolved"): string {
  const pause = i.actions.find((a) => a.kind === "paused");
  const paused = pause ? ` ${featureName} was ${pause.byRule ? "paused automatically" : "paused"} by ${pause.who}.` : "";
  const rules = i.alerts.length === 1 ? "1 alert" : `${i.alerts.length} alerts`;
  if (kind === "resolved") {
    const resume = [...i.actions].reverse().find((a) => a.kind === "resumed");
    return `Resolved: the incident on ${featureName} (${i.title}) is over — ${rules} resolved${resume ? `, resumed by ${resume.who}` : ""}.`;
  }
  const judge = i.judge ? ` The judge's agreement with people dropped too: ${JUDGE_NOTE}.` : "";
  return `${kind === "reopened" ? "Incident reopened" : "Incident"} on ${featureName}: ${i.title} (${rules}).${paused}${judge}`;
}
