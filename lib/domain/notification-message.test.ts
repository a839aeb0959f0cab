import { describe, expect, it } from "vitest";
import { emailMessage, figureText, slackEscape, slackMessage, webhookMessage, type NoticePayload } from "./notification-message";

const notice: NoticePayload = {
  text: "Alert on Refunds <beta>: Accuracy below 90 % & falling",
  event: "alert.opened",
  feature: "refunds",
  featureName: "Refunds",
  at: "2026-11-29T09:00:00.000Z",
  incidentId: "inc1",
  alert: {
    rule: "Accuracy below 90 %",
    value: 0.81,
    lower: 0.772,
    upper: 0.845,
    sampleSize: 400,
    metric: "accuracy_floor",
    action: "pause",
  },
};

describe("slackMessage", () => {
  it("has a fallback text and Block Kit blocks with the figure, its interval and links", () => {
    const m = slackMessage(notice, "https://rollguard.example.com/");
    expect(m.text).toBe("Alert on Refunds &lt;beta&gt;: Accuracy below 90 % &amp; falling");
    expect(m.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect(m.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Alert opened: Refunds" } });
    const section = (m.blocks[1] as { text: { type: string; text: string } }).text;
    expect(section.type).toBe("mrkdwn");
    expect(section.text).toContain("Alert on Refunds &lt;beta&gt;: Accuracy below 90 % &amp; falling");
    expect(section.text).toContain("*Accuracy below 90 %*: 81.0 % (95 % interval 77.2–84.5 %, n = 400) — this rule pauses the feature");
    const context = (m.blocks[2] as { elements: { text: string }[] }).elements[0].text;
    expect(context).toContain("<https://rollguard.example.com/features/refunds|Open Refunds>");
    expect(context).toContain("<https://rollguard.example.com/incidents/inc1|Incident timeline>");
  });
  it("escapes mrkdwn control characters", () => {
    expect(slackEscape("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
  });
});

describe("figureText", () => {
  it("says n without an interval for counts", () => {
    expect(figureText({ rule: "r", value: 3, lower: null, upper: null, sampleSize: 3, metric: "critical_tickets", action: "notify" })).toBe(
      "3 (n = 3)",
    );
  });
});

describe("emailMessage and webhookMessage", () => {
  it("carry the same facts and links", () => {
    const e = emailMessage(notice, "http://localhost:3000");
    expect(e.subject).toBe("[Rollguard] Alert opened: Refunds");
    expect(e.text).toContain("Incident timeline: http://localhost:3000/incidents/inc1");
    expect(webhookMessage(notice, "http://localhost:3000").links).toEqual({
      feature: "http://localhost:3000/features/refunds",
      incident: "http://localhost:3000/incidents/inc1",
    });
  });
});
