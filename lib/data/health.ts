import { db, dbReady, guardedWrite } from "../db";
import { currentFault } from "../db-faults";
import { runRawWrite } from "../store/raw-sql";
import { changeFeed } from "./change-feed";

// What /api/health reports about the database: can it be read, can it be written (a real
// one-row commit, so a full disk or a lock shows), and the fault episode in progress if any.

export interface DatabaseHealth {
  ok: boolean;
  latencyMs: number;
  writable: boolean;
  writeLatencyMs: number | null;
  fault: { kind: string; since: string; failures: number } | null;
  error?: string;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0] : "unknown");
const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;

export async function databaseHealth(): Promise<DatabaseHealth> {
  const started = performance.now();
  let ok = true;
  let error: string | undefined;
  try {
    await dbReady();
    await db.$queryRaw`SELECT 1`;
    await db.feature.count();
  } catch (e) {
    ok = false;
    error = firstLine(e);
  }
  const latencyMs = ms(started);
  const writeStarted = performance.now();
  let writable = ok; // a database that cannot be read is not asked to write (a second connection timeout)
  if (ok) try {
    await guardedWrite(
      async () => {
        const probe = `INSERT INTO "Setting" ("key", "value") VALUES ('health.write_probe', ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`;
        await runRawWrite(probe, [new Date().toISOString()]);
      },
      { waitMs: 1000 },
    );
  } catch (e) {
    writable = false;
    error ??= firstLine(e);
  }
  const fault = currentFault();
  return {
    ok,
    latencyMs,
    writable,
    writeLatencyMs: writable ? ms(writeStarted) : null,
    fault: fault && { kind: fault.kind, since: new Date(fault.since).toISOString(), failures: fault.failures },
    ...(error ? { error } : {}),
  };
}

/** How far behind the change feed of this process is: a stalled feed means pauses are not heard. */
export function changeFeedHealth(): { started: boolean; position: number; lastPollAgoMs: number | null; ok: boolean } {
  const feed = changeFeed();
  const ago = feed.lastPollOkAt === null ? null : Date.now() - feed.lastPollOkAt;
  return { started: feed.started, position: feed.position, lastPollAgoMs: ago, ok: !feed.started || (ago !== null && ago < 5000) };
}

/** What a pause does right now on this instance, in words (for /api/health). */
export interface StopPathHealth {
  /** ok: stored and heard by every instance; memory_only: applied here at once, stored later; listener_down: the fast lane does not answer */
  state: "ok" | "memory_only" | "listener_down";
  pendingPauses: string[];
  message: string;
}

export function stopPathHealth(input: { databaseWritable: boolean; listener: "serving" | "down" | "off"; pendingPauses: string[] }): StopPathHealth {
  const { pendingPauses } = input;
  if (input.listener === "down")
    return {
      state: "listener_down",
      pendingPauses,
      message: "The decision listener does not answer: it is being replaced; the app's own decision routes still obey pauses.",
    };
  if (!input.databaseWritable || pendingPauses.length > 0)
    return {
      state: "memory_only",
      pendingPauses,
      message:
        "The database does not take writes: a pause is applied at once in this instance's memory and its decision listener (202, stored: false), kept on local disk, and stored when the database is back; other instances learn it then.",
    };
  return { state: "ok", pendingPauses, message: "A pause is stored and reaches every instance within a second." };
}
