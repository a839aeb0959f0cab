import Database from "better-sqlite3";
import { copyFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { engine, sqlite } from "../../lib/db";
import { ingestEvents } from "../../lib/use-cases/ingest";
import { givenFeature } from "../../lib/testing/fixtures";
import { EventSource } from "./events";
import { rawWriter } from "./raw-writer";

// The bench's raw baseline keeps every table ingest keeps: the bench's batches (outputs, human
// labels with flips, thumbs, tickets; one feature reviewing every output, one sampling 5 %) go
// through ingestEvents on the test database and through the raw writer on a copy of it taken before
// ingest, and every table ends with the same rows.

const T0 = Date.parse("2026-11-20T10:00:00Z");
// tables whose rows carry the clock of the process (pause state, change feed) or are the API's own
const IGNORED = new Set(["_prisma_migrations", "sqlite_sequence"]);

function tableRows(conn: Database.Database) {
  const tables = (conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => !IGNORED.has(t))
    .sort();
  const sorted = (rows: unknown[]) =>
    rows
      .map((r) =>
        JSON.stringify(r, (_, v) =>
          // sums rounded: the two writers add the same terms in another order
          typeof v === "bigint"
            ? Number(v)
            : typeof v === "number"
              ? Math.round(v * 1e6) / 1e6
              : v instanceof Uint8Array
                ? Buffer.from(v).toString("hex")
                : v,
        ),
      )
      .sort();
  return Object.fromEntries(tables.map((t) => [t, sorted(conn.prepare(`SELECT * FROM "${t}"`).all())]));
}

describe.skipIf(engine() !== "sqlite")("the bench's raw writer", () => {
  it("writes the rows ingest writes, table by table", async () => {
    const features = new Map();
    for (const [key, phase] of [
      ["meeting-summary", "gradual"],
      ["portfolio-advisor", "beta"],
      ["code-assist", "early-access"],
    ] as const)
      features.set(key, await givenFeature(key, phase));
    const conn = sqlite();
    conn.pragma("wal_checkpoint(TRUNCATE)");
    const file = conn.name;
    const copy = `${file}.raw.db`;
    copyFileSync(file, copy);
    const before = tableRows(conn);

    const source = new EventSource("t", 3);
    const batches = Array.from({ length: 6 }, (_, i) => ({ now: T0 + i * 61_000, events: source.batch(500, T0 + i * 61_000) }));
    for (const { now, events } of batches) {
      const r = await ingestEvents(events, now);
      expect(r.rejected).toEqual([]);
    }

    const raw = new Database(copy);
    const write = rawWriter(raw, features);
    for (const { now, events } of batches) write(events as Record<string, unknown>[], now);

    const ours = tableRows(conn);
    const theirs = tableRows(raw);
    raw.close();
    rmSync(copy, { force: true });
    const counts = (rows: Record<string, unknown[]>) => Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, r.length]));
    // ingest writes to these tables on this traffic
    const written = Object.keys(ours).filter((t) => ours[t].length !== before[t].length);
    expect(written).toEqual(
      expect.arrayContaining([
        "Output",
        "Label",
        "Feedback",
        "TicketMention",
        "MetricBucket",
        "HourBucket",
        "ModelBucket",
        "ReviewPending",
        "ReviewVerdict",
        "WorstCandidate",
        "AdoptionDay",
      ]),
    );
    expect(counts(theirs)).toEqual(counts(ours));
    for (const t of written) expect({ table: t, rows: theirs[t] }).toEqual({ table: t, rows: ours[t] });
  });
});
