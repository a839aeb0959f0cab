// The demo page around AnswerGate: its settings come from the query string so that the same build
// runs against any Rollguard (e2e/browser-widget.spec.ts serves it from an origin of its own).
import { createRoot } from "react-dom/client";
import { AnswerGate, RollguardProvider, type RollguardConfig } from "./AnswerGate";

const q = new URLSearchParams(location.search);
const config: RollguardConfig = {
  decisionUrl: q.get("decisionUrl") ?? "http://localhost:3001",
  appUrl: q.get("appUrl") ?? "http://localhost:3000",
  clientKey: q.get("key") ?? "",
  userId: q.get("user") ?? "browser-user-1",
};

createRoot(document.getElementById("root")!).render(
  <RollguardProvider config={config}>
    <h1>Meeting notes</h1>
    <AnswerGate
      config={config}
      feature={q.get("feature") ?? "meeting-summary"}
      outputId={q.get("outputId") ?? "demo-output"}
      answer={<p>AI summary: 3 decisions, 4 action items with owners.</p>}
      fallback={<p>The transcript is shown without a summary.</p>}
    />
  </RollguardProvider>,
);
