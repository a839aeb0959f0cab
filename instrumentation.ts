// Next.js calls register() once per server process. The guardrails (alert evaluation, change
// feed, webhook worker) and the lean decision listener run only in the Node.js runtime, never in
// the edge runtime. A failure is logged, not thrown: the pages and the decision routes served by
// Next.js must come up even if a guardrail or the extra port cannot.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startGuardrails } = await import("./lib/guardrails");
  await startGuardrails().catch((e: unknown) => console.error("rollguard: guardrails failed to start", e));
  const { startDecisionProcess } = await import("./lib/decision-server");
  try {
    startDecisionProcess();
  } catch (e) {
    console.error("rollguard: the decision listener failed to start", e);
  }
}
