import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { APP_SERVER_NODE_FLAGS } from "../../lib/node-flags";

// The production build is rebuilt when any of its inputs changed since the last build.

const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "generated",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "scripts/decision-server.ts",
  "scripts/app-server.ts",
];
/** The decision listener's process, bundled to plain JavaScript (lib/decision/supervisor.ts runs it). */
export const DECISION_BUNDLE = path.join(".next", "rollguard", "decision-server.mjs");
/** The app's server process (Next.js behind the ingest lane, scripts/app-server.ts), bundled likewise. */
export const APP_SERVER_BUNDLE = path.join(".next", "rollguard", "app-server.mjs");
const STAMP = path.join(".next", "rollguard-source-hash");

function files(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.name.startsWith(".") && d.isDirectory() ? [] : files(path.join(p, d.name))));
}

export function sourceHash(): string {
  const h = createHash("sha256");
  for (const f of INPUTS.flatMap(files)) {
    if (/\.(test|spec)\.tsx?$/.test(f)) continue;
    h.update(f).update("\0").update(readFileSync(f)).update("\0");
  }
  return h.digest("hex");
}

export function buildIsFresh(): boolean {
  return (
    existsSync(path.join(".next", "BUILD_ID")) &&
    existsSync(APP_SERVER_BUNDLE) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, "utf8") === sourceHash()
  );
}

/** Runs `next build` unless the last build came from the same sources. */
export function ensureBuild(): void {
  if (buildIsFresh()) return;
  console.log("rollguard: building the production bundle (first start or sources changed)…");
  execFileSync(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  bundleDecisionListener(DECISION_BUNDLE);
  bundleForNode("scripts/app-server.ts", APP_SERVER_BUNDLE);
  writeFileSync(STAMP, sourceHash());
}

/**
 * The production app server's command line (what `npm start`, the e2e server and the bench run):
 * plain node on the bundle ensureBuild() wrote. `hostname` unset: every interface, as `next start`.
 */
export function appServerCommand(port: number | string, hostname?: string): { command: string; args: string[] } {
  const args = [...APP_SERVER_NODE_FLAGS, APP_SERVER_BUNDLE, "--port", String(port)];
  if (hostname) args.push("--hostname", hostname);
  return { command: process.execPath, args };
}

/** The decision listener as one ES module for plain node: no TypeScript loader in that process (~40 MB less than tsx). */
export function bundleDecisionListener(outfile: string): void {
  bundleForNode("scripts/decision-server.ts", outfile);
}

/** One entry point and what it imports from lib/ as one ES module; packages stay in node_modules. */
function bundleForNode(entry: string, outfile: string): void {
  execFileSync(
    path.join("node_modules", ".bin", "esbuild"),
    [entry, "--bundle", "--platform=node", "--format=esm", "--packages=external", `--outfile=${outfile}`, "--log-level=warning"],
    { stdio: "inherit" },
  );
}
