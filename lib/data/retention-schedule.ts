import { log } from "../log";
import { purgeExpired, PURGE_INTERVAL_MS, retentionDays } from "./retention";

// The periodic retention purge of a server process (started with the background work): a minute
// after start, then hourly. Off when ROLLGUARD_RETENTION_DAYS is "off" (the default).

const g = globalThis as unknown as { rollguardRetentionTimer?: NodeJS.Timeout };

export function startRetentionPurge(options: { firstMs?: number; intervalMs?: number } = {}): void {
  if (retentionDays() === null || g.rollguardRetentionTimer) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    purgeExpired()
      .catch((e: unknown) => log.error("retention purge failed", { error: String(e) }))
      .finally(() => (running = false));
  };
  const first = setTimeout(() => {
    tick();
    g.rollguardRetentionTimer = setInterval(tick, options.intervalMs ?? PURGE_INTERVAL_MS);
    g.rollguardRetentionTimer.unref?.();
  }, options.firstMs ?? 60_000);
  first.unref?.();
  g.rollguardRetentionTimer = first;
}
