// Next.js calls register() once per server process. The guardrails (alert evaluation, change
// feed, webhook worker) run only in the Node.js runtime, never in the edge runtime. A failure is
// logged, not thrown: the decision API and the pages must come up even if a guardrail cannot.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startGuardrails } = await import("./lib/guardrails");
  await startGuardrails().catch((e: unknown) => console.error("rollguard: guardrails failed to start", e));
}
