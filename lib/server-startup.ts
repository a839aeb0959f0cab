import { startBackgroundWork } from "./background-work";
import { watchKeyRevocations } from "./data/api-keys";
import { restorePendingPauses } from "./use-cases/pause";
import { startDecisionProcess } from "./decision/supervisor";

// Every background listener of the app's server process, wired in one place: key revocations
// clearing the verified-key cache, the background work (change feed and decision snapshot, alert
// evaluation, webhook worker; lib/background-work.ts) and the lean decision listener's process with
// its supervisor (lib/decision/supervisor.ts). Called once by instrumentation.ts's register().
// A failure is logged, not thrown: the pages and the decision routes served by Next.js must come up
// even if a background loop or the extra port cannot.

export async function startServerProcess(): Promise<void> {
  try {
    watchKeyRevocations();
  } catch (e) {
    console.error("rollguard: the key revocation listener failed to start", e);
  }
  try {
    // pauses in effect from memory only when this instance stopped (a database outage): in effect again
    restorePendingPauses();
  } catch (e) {
    console.error("rollguard: the pending pauses could not be restored", e);
  }
  await startBackgroundWorkUntilItStarts();
  try {
    startDecisionProcess();
  } catch (e) {
    console.error("rollguard: the decision listener failed to start", e);
  }
}

/** The database may be away at start-up (an outage): background work starts once it is back. */
function startBackgroundWorkUntilItStarts(logged = false): Promise<void> {
  return startBackgroundWork().catch((e: unknown) => {
    if (!logged) console.error("rollguard: background work failed to start; trying again every 2 s", e);
    setTimeout(() => void startBackgroundWorkUntilItStarts(true), 2000).unref();
  });
}
