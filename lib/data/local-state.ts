import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, sqliteFile } from "../env";
import { log } from "../log";

// The instance's own fail-safe state on local disk, for a database that is away (a PostgreSQL
// outage above all): the pauses in effect from memory only, and the last decision snapshot with
// the API keys it has verified. A restart during the outage reads them back, so it neither drops a
// pause nor leaves the decision listener unable to start and answer. Small JSON files, written
// whole (a temporary file renamed over the old one, so a crash never leaves half a file).

/** The folder: ROLLGUARD_STATE_DIR, else the data folder (beside the SQLite file; ./data on PostgreSQL). */
export function stateDir(): string {
  const e = env();
  return path.resolve(/*turbopackIgnore: true*/ e.ROLLGUARD_STATE_DIR ?? path.dirname(sqliteFile() ?? "./data/rollguard.db"));
}

const fileOf = (name: string) => path.join(stateDir(), name);

/** The file's JSON, or null when it is absent or unreadable. */
export function readLocalState<T>(name: string): T | null {
  try {
    return JSON.parse(readFileSync(fileOf(name), "utf8")) as T;
  } catch {
    return null;
  }
}

const lastWritten = new Map<string, string>();

/** Writes the file (atomically); unchanged content is not written again. Never throws. */
export function writeLocalState(name: string, value: unknown): boolean {
  const text = JSON.stringify(value);
  if (lastWritten.get(name) === text) return true;
  const file = fileOf(name);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
    lastWritten.set(name, text);
    return true;
  } catch (e) {
    // a full disk here must not fail a pause: the state stays in memory
    log.warn("local fail-safe state not written", { file, error: String(e) });
    return false;
  }
}
