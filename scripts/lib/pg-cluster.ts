// A private PostgreSQL cluster for tests, CI and the benchmark: Debian's `postgresql` package
// (installed when missing), a fresh data directory, a local port and socket directory, trust
// authentication for the local user `postgres`, and a fast stop that removes everything. Nothing
// system-wide is started or changed. As root, initdb and the server refuse to run: they run as the
// `postgres` system user, which owns the data directory.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const LIB = "/usr/lib/postgresql";

function installedBinDir(): string | null {
  if (!existsSync(LIB)) return null;
  const versions = readdirSync(LIB)
    .filter((v) => existsSync(path.join(LIB, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(LIB, versions[0], "bin") : null;
}

/** The PostgreSQL binaries, installing Debian's package first when there are none. */
export function pgBinDir(): string {
  let bin = installedBinDir();
  if (!bin) {
    console.log("rollguard: installing PostgreSQL (apt-get install postgresql)");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "postgresql"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    bin = installedBinDir();
    if (!bin) throw new Error("apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found");
  }
  return bin;
}

const isRoot = () => process.getuid?.() === 0;

function asOwner(bin: string, args: string[], opts: { quiet?: boolean } = {}): void {
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: opts.quiet ? ["ignore", "ignore", "inherit"] : "inherit" });
}

export interface Cluster {
  dir: string;
  port: number;
  /** postgresql:// URL of the cluster's `postgres` database (trust auth, TCP on 127.0.0.1) */
  url: string;
}

export const clusterUrl = (port: number, database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`;

/** Starts a fresh cluster in `dir` (removed first) on 127.0.0.1:`port`, its socket in `dir`. */
export function startCluster(dir: string, port: number): Cluster {
  const bin = pgBinDir();
  dir = path.resolve(dir);
  if (existsSync(path.join(dir, "postmaster.pid"))) stopCluster(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  asOwner(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"], { quiet: true });
  // Enough connections for several app instances and parallel test files; durability settings
  // stay PostgreSQL's defaults (fsync, synchronous_commit), so the figures are honest.
  startServer(dir, port);
  return { dir, port, url: clusterUrl(port) };
}

/** Starts the server of an existing cluster in `dir` (after startCluster and stopServer). */
export function startServer(dir: string, port: number): void {
  dir = path.resolve(dir);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB`;
  asOwner(
    path.join(pgBinDir(), "pg_ctl"),
    ["-D", path.join(dir, "data"), "-l", path.join(dir, "server.log"), "-w", "-o", options, "start"],
    {
      quiet: true,
    },
  );
}

/** Stops the server (fast shutdown: open connections are terminated, 57P01) and keeps its files: fault injection. */
export function stopServer(dir: string): void {
  asOwner(path.join(pgBinDir(), "pg_ctl"), ["-D", path.join(path.resolve(dir), "data"), "-m", "fast", "-w", "stop"], { quiet: true });
}

/** True when PostgreSQL's binaries are installed (nothing is installed to find out). */
export const postgresInstalled = () => installedBinDir() !== null;

/** Stops the cluster in `dir` (fast shutdown) and removes its files. */
export function stopCluster(dir: string): void {
  dir = path.resolve(dir);
  const data = path.join(dir, "data");
  if (existsSync(path.join(data, "postmaster.pid"))) {
    const bin = installedBinDir();
    if (bin) asOwner(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], { quiet: true });
  }
  if (existsSync(dir) && statSync(dir).isDirectory()) rmSync(dir, { recursive: true, force: true });
}
