import { describe, expect, it } from "vitest";
import { slackMessage, type NoticePayload } from "./notification-message";

// A pause reason, a feature name or a rule name is typed by someone; in Slack, `<!channel>` pings
// everyone and `<https://…|text>` is a link. Every text field of the message — the fallback `text`
// included, which notifications and clients without blocks show — must carry them inert.

const hostile = "<!channel> read <https://evil.example/login|the fix> & <@U123>";
const notice: NoticePayload = {
  text: `Feature ${hostile} was paused: ${hostile}`,
  event: "feature.paused",
  feature: "refunds",
  featureName: `Refunds ${hostile}`,
  at: "2026-11-29T09:00:00.000Z",
  reason: hostile,
  actor: "user:ana@example.com",
};

/** Every string in the message, with the links Rollguard itself puts in removed. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v.replace(/<https:\/\/rollguard\.example\/[^|>]*\|[^>]*>/g, ""));
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => strings(x, out));
  return out;
}

describe("Slack messages escape every text field", () => {
  const message = slackMessage(notice, "https://rollguard.example");

  it("leaves no control sequence anywhere, the fallback text included", () => {
    for (const s of strings(message)) expect(s).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    expect(message.text).toContain("&lt;!channel&gt;");
    expect(message.text).toContain("&amp;");
  });

  it("keeps Rollguard's own link to the feature working", () => {
    expect(JSON.stringify(message.blocks)).toContain("<https://rollguard.example/features/refunds|Open Refunds &lt;!channel&gt;");
  });
});
