import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sqliteFile } from "../env";

// NEXTAUTH_SECRET when configured; otherwise a secret generated at first start and kept in the
// data folder beside the database, so `npm start` works with no set-up and sessions survive restarts.
export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const dir = path.dirname(path.resolve(/*turbopackIgnore: true*/ sqliteFile() ?? "./data/rollguard.db"));
  const file = path.join(dir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}
