import { execFileSync } from "node:child_process";
import { closeSync, copyFileSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

// A small filesystem for fault-injection tests: a tmpfs of a few MiB mounted under .tmp (where the
// machine allows mounting), holding a copy of the test database, that a filler file fills up to
// the last byte — SQLite then gets ENOSPC on its next write, exactly as on a full disk. Freeing
// the space is deleting the filler, as an operator would.

export interface SmallDisk {
  dir: string;
  databaseUrl: string;
  fill(): void;
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMiB` with a copy of `databaseFile`, or returns null when mounting is not allowed. */
export function mountSmallDisk(databaseFile: string, sizeMiB = 16): SmallDisk | null {
  const dir = path.resolve(".tmp", `small-disk-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const file = path.join(dir, "rollguard.db");
  copyFileSync(databaseFile, file);
  const filler = path.join(dir, "filler");
  return {
    dir,
    databaseUrl: `file:${file}`,
    fill() {
      const fd = openSync(filler, "a");
      try {
        for (const size of [1 << 20, 1 << 12, 1 << 9, 1]) {
          const chunk = Buffer.alloc(size, 1);
          for (;;) {
            try {
              writeSync(fd, chunk);
            } catch {
              break; // ENOSPC at this chunk size: try a smaller one
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      try {
        unlinkSync(filler);
      } catch {
        // already freed
      }
      try {
        execFileSync("umount", ["-l", dir], { stdio: "ignore" });
      } catch {
        // best effort
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
