// What a notification says, per channel kind, from one notice. Pure: the delivery worker posts it.
// Slack: an incoming webhook takes `text` (the notification's fallback) and Block Kit `blocks`
// (header, section with mrkdwn, context); mrkdwn escapes &, < and > and writes links <url|label>.

export interface NoticePayload {
  /** the one line a chat channel shows */
  text: string;
  event: string;
  feature: string;
  featureName?: string;
  at: string;
  incidentId?: string | null;
  alert?: {
    rule: string;
    value: number | null;
    lower: number | null;
    upper: number | null;
    sampleSize: number;
    metric: string;
    action: string;
  };
  reason?: string;
  actor?: string;
  [k: string]: unknown;
}

const SLACK_HEADER_MAX = 150;
const SLACK_SECTION_MAX = 3000;

export const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const RATE_METRICS = new Set(["accuracy", "accuracy_floor", "accuracy_drop", "thumbs_down", "thumbs_down_ceiling", "overconfidence"]);

/** "81.0 % (95 % interval 77.2–84.5 %, n = 400)" — the figure with its interval and sample. */
export function figureText(a: NonNullable<NoticePayload["alert"]>): string {
  if (a.value === null) return `n = ${a.sampleSize}`;
  const rate = RATE_METRICS.has(a.metric);
  const v = rate ? pct(a.value) : String(a.value);
  const interval = rate && a.lower !== null && a.upper !== null ? ` (95 % interval ${(a.lower * 100).toFixed(1)}–${pct(a.upper)}` : " (";
  return `${v}${interval}${interval === " (" ? "" : ", "}n = ${a.sampleSize})`;
}

/** Links a person opens from the notification: the feature page and, if any, the incident. */
export function noticeLinks(p: NoticePayload, baseUrl: string) {
  const base = baseUrl.replace(/\/$/, "");
  return {
    feature: `${base}/features/${encodeURIComponent(p.feature)}`,
    incident: p.incidentId ? `${base}/incidents/${encodeURIComponent(p.incidentId)}` : null,
  };
}

const TITLES: Record<string, string> = {
  "alert.opened": "Alert opened",
  "alert.resolved": "Alert resolved",
  "feature.paused": "Feature paused",
  "feature.resumed": "Feature resumed",
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
  if (p.reason && !p.alert) lines.push(`Reason: ${slackEscape(p.reason)}`);
  const linkText = [
    `<${links.feature}|Open ${slackEscape(name)}>`,
    ...(links.incident ? [`<${links.incident}|Incident timeline>`] : []),
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
    ...(p.reason && !p.alert ? [`Reason: ${p.reason}`] : []),
    "",
    `Feature: ${links.feature}`,
    ...(links.incident ? [`Incident timeline: ${links.incident}`] : []),
    `At: ${p.at}`,
  ].join("\n");
  return { subject: `[Rollguard] ${TITLES[p.event] ?? p.event}: ${name}`, text: body };
}

/** The generic webhook's JSON: the notice as stored, plus the links. */
export function webhookMessage(p: NoticePayload, baseUrl: string) {
  return { ...p, links: noticeLinks(p, baseUrl) };
}
