// Next.js calls register() once per server process. The background work (alert evaluation, change
// feed, webhook worker; lib/background-work.ts) and the lean decision listener run only in the Node.js runtime, never in
// the edge runtime. A failure is logged, not thrown: the pages and the decision routes served by
// Next.js must come up even if a background loop or the extra port cannot.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./lib/background-work");
  await startBackgroundWork().catch((e: unknown) => console.error("rollguard: background work failed to start", e));
  const { startDecisionProcess } = await import("./lib/decision/supervisor");
  try {
    startDecisionProcess();
  } catch (e) {
    console.error("rollguard: the decision listener failed to start", e);
  }
}
