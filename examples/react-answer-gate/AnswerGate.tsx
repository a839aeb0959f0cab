// The documented browser integration (README "In the browser"): gate an AI answer on Rollguard's
// decision with the official OpenFeature React SDK + OFREP web provider (default options: it
// hears a pause through the OFREP event stream, no polling, no reload), and send thumbs up/down
// with the same client-side key.
import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { OpenFeature, OpenFeatureProvider, useBooleanFlagValue } from "@openfeature/react-sdk";
import { useState, type ReactNode } from "react";

export interface RollguardConfig {
  /** the decision API: the lean listener (npm start: PORT + 1) or the app itself */
  decisionUrl: string;
  /** the app, for thumbs feedback (POST /api/v1/events) */
  appUrl: string;
  /** a client-side key (Admin → API keys → Create a client-side key): evaluate + feedback only */
  clientKey: string;
  /** who is looking: the unit Rollguard buckets on */
  userId: string;
}

/** Once, at the top of the app. */
export function RollguardProvider({ config, children }: { config: RollguardConfig; children: ReactNode }) {
  OpenFeature.setProvider(
    new OFREPWebProvider({ baseUrl: config.decisionUrl, headers: [["Authorization", `Bearer ${config.clientKey}`]] }),
  );
  void OpenFeature.setContext({ targetingKey: config.userId });
  return <OpenFeatureProvider>{children}</OpenFeatureProvider>;
}

/** Shows the AI answer only while Rollguard says so; the fallback otherwise (the code default when unreachable). */
export function AnswerGate(props: { feature: string; outputId: string; answer: ReactNode; fallback: ReactNode; config: RollguardConfig }) {
  const aiOn = useBooleanFlagValue(props.feature, false);
  if (!aiOn) return <div data-testid="fallback">{props.fallback}</div>;
  return (
    <div data-testid="ai-answer">
      {props.answer}
      <Thumbs {...props} />
    </div>
  );
}

function Thumbs({ feature, outputId, config }: { feature: string; outputId: string; config: RollguardConfig }) {
  const [sent, setSent] = useState<"up" | "down" | "failed" | null>(null);
  const send = async (value: "up" | "down") => {
    const res = await fetch(`${config.appUrl}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${config.clientKey}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [{ type: "feedback", outputId, feature, value }] }),
    }).catch(() => null);
    const body = res?.ok ? await res.json() : null;
    setSent(body?.accepted === 1 ? value : "failed");
  };
  if (sent) return <p role="status">{sent === "failed" ? "Feedback not sent" : "Thanks for the feedback"}</p>;
  return (
    <p>
      <button onClick={() => send("up")} aria-label="Helpful">
        👍
      </button>{" "}
      <button onClick={() => send("down")} aria-label="Not helpful">
        👎
      </button>
    </p>
  );
}
