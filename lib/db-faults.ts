import { LockDeadlineError } from "./data/mutex";
import { AppError } from "./errors";
import { log } from "./log";

// What a sick database means for a client: a full disk is `507 storage_full`, a database that is
// locked by another process, failing or too slow within the write deadline, or (PostgreSQL) that
// cannot be reached, dropped the connection, is shutting down or starting up, or is read-only
// (a standby after a failover) is `503 database_unavailable`, both with Retry-After. One log line when a fault episode starts and
// one when it ends (the next write that succeeds), not a stack trace per request.

export type FaultKind = "storage_full" | "database_unavailable";

const FULL = /SQLITE_FULL|database or disk is full|ENOSPC|no space left on device/i;
const UNAVAILABLE =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|SQLITE_IOERR|disk I\/O error|SQLITE_READONLY|readonly database|SQLITE_CANTOPEN|unable to open database|SQLITE_PROTOCOL|SQLITE_CORRUPT|malformed|P2028|P1008|Transaction API error|Unable to start a transaction|cannot (commit|rollback|start a transaction)|SocketTimeout|timed out/i;
// PostgreSQL and its driver: the server is down or unreachable (ECONNREFUSED, a DNS failure), the
// connection was dropped (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
// "Connection terminated unexpectedly", 08xxx connection exceptions), too many connections
// (53300), a read-only server (25006: a standby after a failover), and the deadlines this app sets
// (connection timeout, statement_timeout 57014, query_timeout). Prisma's P1001/P1017/P2024 say the same.
const PG_UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|\b(57P0[1-3]|25006|08000|08001|08003|08004|08006|08P01|53300|57014)\b|Connection terminated|terminating connection|the database system is (shutting down|starting up|in recovery mode|not yet accepting connections)|read-only transaction|Client has encountered a connection error|Connection closed|connection is closed|timeout exceeded when trying to connect|Query read timeout|statement timeout|\bP1001\b|\bP1017\b|\bP2024\b|Can't reach database server|Server has closed the connection|DatabaseNotReachable|ConnectionClosed/i;

function describe(e: unknown, depth = 0): string {
  if (depth > 3 || e === null || e === undefined) return "";
  if (typeof e !== "object") return String(e);
  const o = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
  const parts = [o.name, o.code, o.message].filter((p) => typeof p === "string") as string[];
  if (o.meta) parts.push(JSON.stringify(o.meta));
  return [...parts, describe(o.cause, depth + 1)].join(" ");
}

/** The kind of database fault behind an error, or null when it is not one. */
export function faultKind(e: unknown): FaultKind | null {
  if (e instanceof LockDeadlineError) return "database_unavailable";
  if (e instanceof AppError) return null;
  const text = describe(e);
  if (FULL.test(text)) return "storage_full";
  if (UNAVAILABLE.test(text) || PG_UNAVAILABLE.test(text)) return "database_unavailable";
  return null;
}

export const RETRY_AFTER_S: Record<FaultKind, number> = { storage_full: 30, database_unavailable: 5 };

const MESSAGES: Record<FaultKind, string> = {
  storage_full:
    "The database's disk is full: nothing was stored. Free disk space on the server; Rollguard stores again by itself once there is room (no restart needed).",
  database_unavailable:
    "The database is unavailable (unreachable, restarting, read-only, locked by another process, failing, or too slow): nothing was stored. Try again shortly.",
};

export const faultError = (kind: FaultKind) =>
  new AppError(kind, kind === "storage_full" ? 507 : 503, MESSAGES[kind], undefined, { "retry-after": String(RETRY_AFTER_S[kind]) });

interface Episode {
  kind: FaultKind;
  since: number;
  failures: number;
  error: string;
}

const g = globalThis as unknown as { rollguardFaultEpisode?: Episode | null };

/** Records a failed write: the first failure of an episode (or of another kind) is logged. */
const noted = new WeakSet<object>();

export function noteFault(kind: FaultKind, e: unknown): void {
  if (typeof e === "object" && e !== null) {
    if (noted.has(e)) return;
    noted.add(e);
  }
  const current = g.rollguardFaultEpisode;
  if (current && current.kind === kind) {
    current.failures++;
    return;
  }
  const error = describe(e).split("\n")[0].slice(0, 300);
  g.rollguardFaultEpisode = { kind, since: Date.now(), failures: 1, error };
  log.error(
    kind === "storage_full"
      ? "database fault: the disk is full; writes answer 507 until space is freed"
      : "database fault: the database is unavailable; writes answer 503 until it recovers",
    {
      kind,
      error,
    },
  );
}

/** A write committed: ends the current fault episode, if any (logged once). */
export function noteWriteOk(): void {
  const current = g.rollguardFaultEpisode;
  if (!current) return;
  g.rollguardFaultEpisode = null;
  log.info("database fault over: writes succeed again", {
    kind: current.kind,
    failures: current.failures,
    seconds: Math.round((Date.now() - current.since) / 1000),
  });
}

/** The fault episode in progress (for /api/health), or null. */
export function currentFault(): Readonly<Episode> | null {
  return g.rollguardFaultEpisode ?? null;
}

/** The client's answer for a database fault (and the episode noted), or null for other errors. */
export function databaseFaultResponseError(e: unknown): AppError | null {
  const kind = faultKind(e);
  if (!kind) return null;
  noteFault(kind, e);
  return faultError(kind);
}
