import { describe, expect, it } from "vitest";
import {
  channelWants,
  emailMessage,
  figureText,
  incidentText,
  noticeLinks,
  slackEscape,
  slackMessage,
  webhookMessage,
  type NoticePayload,
} from "./notification-message";

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

describe("incident messages", () => {
  const incident: NoticePayload = {
    text: "Incident on Refunds: Accuracy below its normal (1 alert). Refunds was paused automatically by rule “Accuracy below its normal”.",
    event: "incident.opened",
    feature: "refunds",
    featureName: "Refunds",
    at: "2026-11-29T09:00:00.000Z",
    incident: {
      id: "inc1",
      title: "Accuracy below its normal",
      status: "open",
      alerts: [
        {
          id: "a1",
          rule: "Accuracy below its normal",
          slices: "phase beta; segments beta-power-users, internal",
          value: 0.71,
          lower: null,
          upper: null,
          sampleSize: 120,
          metric: "accuracy",
          action: "pause",
          status: "open",
        },
      ],
      actions: [
        { kind: "paused", who: "rule “Accuracy below its normal”", byRule: true, reason: "breached", at: "2026-11-29T09:00:01.000Z" },
      ],
    },
  };
  it("lists the alert with its slices and the automatic pause by the rule's name, linking the incident", () => {
    const m = slackMessage(incident, "https://rg.example.com");
    expect(m.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Incident: Refunds" } });
    const section = (m.blocks[1] as { text: { text: string } }).text.text;
    expect(section).toContain("• Accuracy below its normal (phase beta; segments beta-power-users, internal): 71.0 % (n = 120)");
    expect(section).toContain("• Paused automatically by rule “Accuracy below its normal”: breached");
    expect(section).not.toMatch(/rule:|user:/);
    const context = (m.blocks[2] as { elements: { text: string }[] }).elements[0].text;
    expect(context).toContain("<https://rg.example.com/incidents/inc1|Incident timeline>");
    expect(emailMessage(incident, "https://rg.example.com").text).toContain(
      "- Paused automatically by rule “Accuracy below its normal”: breached",
    );
  });
  it("a test message for every feature links to the overview and the channels page, not a feature page", () => {
    const test: NoticePayload = { text: "Test", event: "test", feature: "", featureName: "every feature", at: "2026-11-29T09:00:00.000Z" };
    const links = noticeLinks(test, "https://rg.example.com/");
    expect(links).toEqual({
      feature: null,
      incident: null,
      overview: "https://rg.example.com/",
      channels: "https://rg.example.com/admin/channels",
    });
    const context = (slackMessage(test, "https://rg.example.com").blocks[2] as { elements: { text: string }[] }).elements[0].text;
    expect(context).not.toContain("/features/");
    expect(context).toContain("<https://rg.example.com/|Open Rollguard>");
  });
  it("the one line names what paused the feature, and who resumed it when it resolves", () => {
    expect(incidentText("Refunds", incident.incident!, "opened")).toBe(
      "Incident on Refunds: Accuracy below its normal (1 alert). Refunds was paused automatically by rule “Accuracy below its normal”.",
    );
    const resolved = {
      ...incident.incident!,
      actions: [
        ...incident.incident!.actions,
        { kind: "resumed" as const, who: "Ana Ops (ana@example.com)", byRule: false, reason: "rolled back", at: "x" },
      ],
    };
    expect(incidentText("Refunds", resolved, "resolved")).toBe(
      "Resolved: the incident on Refunds (Accuracy below its normal) is over — 1 alert resolved, resumed by Ana Ops (ana@example.com).",
    );
  });
  it("when the judge's agreement dropped too, the one message says 'possibly the judge, not the feature' and links the judge page", () => {
    const judge = {
      text: "Possibly the judge, not the feature: the judge's agreement with people dropped too (“Judge agreement dropped”) while “Accuracy below its normal” fired — check the judge's recent verdicts against people's before acting on the feature.",
      alerts: [{ id: "j1", rule: "Judge agreement dropped", incidentId: "inc0" }],
    };
    const withJudge: NoticePayload = { ...incident, incident: { ...incident.incident!, judge } };
    expect(incidentText("Refunds", withJudge.incident!, "opened")).toBe(
      "Incident on Refunds: Accuracy below its normal (1 alert). Refunds was paused automatically by rule “Accuracy below its normal”. The judge's agreement with people dropped too: possibly the judge, not the feature.",
    );
    const m = slackMessage(withJudge, "https://rg.example.com");
    const section = (m.blocks[1] as { text: { text: string } }).text.text;
    expect(section).toContain("• Possibly the judge, not the feature: the judge's agreement with people dropped too");
    const context = (m.blocks[2] as { elements: { text: string }[] }).elements[0].text;
    expect(context).toContain("<https://rg.example.com/incidents/inc1|Incident timeline>");
    expect(context).toContain("<https://rg.example.com/review/judge?feature=refunds|Judge agreement>");
    const email = emailMessage(withJudge, "https://rg.example.com").text;
    expect(email).toContain("- Possibly the judge, not the feature:");
    expect(email).toContain("Judge agreement: https://rg.example.com/review/judge?feature=refunds");
    // without the judge, no such line or link
    expect(noticeLinks(incident, "https://rg.example.com")).not.toHaveProperty("judge");
    expect(emailMessage(incident, "https://rg.example.com").text).not.toContain("judge");
  });
});

describe("channelWants", () => {
  const defaults = ["alert.opened", "alert.resolved", "feature.paused", "feature.resumed", "review.digest"];
  it("tells chat channels of an incident twice and of nothing inside it", () => {
    for (const kind of ["slack", "email"]) {
      expect(channelWants(kind, defaults, "incident.opened", false)).toBe(true);
      expect(channelWants(kind, defaults, "incident.resolved", false)).toBe(true);
      expect(channelWants(kind, defaults, "alert.opened", false)).toBe(false);
      expect(channelWants(kind, defaults, "alert.updated", false)).toBe(false);
      expect(channelWants(kind, defaults, "feature.paused", true)).toBe(false);
      expect(channelWants(kind, defaults, "feature.paused", false)).toBe(true);
    }
  });
  it("gives signed webhooks every event they subscribe to, alert.updated with alert.opened", () => {
    expect(channelWants("webhook", defaults, "alert.opened", false)).toBe(true);
    expect(channelWants("webhook", defaults, "alert.updated", false)).toBe(true);
    expect(channelWants("webhook", defaults, "feature.paused", true)).toBe(true);
    expect(channelWants("webhook", ["feature.paused"], "alert.updated", false)).toBe(false);
    expect(channelWants("webhook", ["feature.paused"], "incident.opened", false)).toBe(false);
  });
});
