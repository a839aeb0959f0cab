// The V8 flags of the app's server process (scripts/app-server.ts, started by scripts/lib/build.ts's
// appServerCommand, which `npm start`, the e2e server and the bench use).
//
// --heap-growing-percent=50: after each full collection V8 lets the old generation grow to 1.5×
// what survived it, instead of choosing a factor up to 4× (its default when collections are cheap,
// as they are here). Under ingest load the app keeps ~60 MB alive but let its heap reach ~230 MB
// before collecting, and its peak RSS ~350–420 MB; with 1.5× it peaks at ~270 MB for the same
// throughput (bench/NOTES.md, session 12: `npm run bench -- --only memory` against `--only ingest`).
// A factor, not a ceiling (--max-old-space-size): a large page or export still gets the memory it
// needs, no process dies of a limit. An unknown flag stops node at once ("bad option"), so a Node
// release without it fails `npm start` and every e2e run loudly, never silently.
//
// Not the decision listener's: its peak (~145 MB) did not move with the flag (what grows there under
// OFREP load is the young generation), and `--only ofrep` with and without it could not tell the two
// apart from the machine's noise, so the listener runs as it was measured before.
export const APP_SERVER_NODE_FLAGS: readonly string[] = ["--heap-growing-percent=50"];
