// The bench's own generator: a database of N outputs over 30 days for three features, written
// straight into SQLite with their rollups (as the ingest path would have written them); on a
// postgresql:// DATABASE_URL the same rows through bench/lib/pg-bulk.ts (one transaction a day).
//   DATABASE_URL=file:... tsx bench/generate.ts <outputs>
// Prints JSON: {"key": <API key with every scope>, "cookie": <session cookie of an admin>}.
import { encode } from "next-auth/jwt";
import { authSecret } from "../lib/auth/secret";
import { createApiKey } from "../lib/data/api-keys";
import { createFeature, type FeatureConfig } from "../lib/data/features";
import { ingestStore } from "../lib/store/sqlite/row-statements";
import { rebuildWorstCandidates } from "../lib/data/worst-candidates-rebuild";
import { rebuildModelBuckets } from "../lib/store/postgres/model-rollup";
import { createUser } from "../lib/data/users";
import { engine, sqlite } from "../lib/db";
import { postgresBulk } from "./lib/pg-bulk";
import { minuteOf } from "../lib/domain/buckets";
import { planWith } from "../lib/domain/plan";
import { entryFlags, queuePriority } from "../lib/domain/queue-priority";
import { RollupDeltas } from "../lib/domain/rollup";
import { Random } from "../lib/demo/random";

const total = Number(process.argv[2] ?? 1_000_000);
/** extra high-stakes features in Beta whose floor rule pauses them (one per auto-pause trial) */
const autoPauseFeatures = Number(process.argv[3] ?? 0);
const DAY = 86_400_000;

async function main() {
  const features: FeatureConfig[] = [];
  for (const [key, phase, stakes] of [
    ["meeting-summary", "gradual", "low"],
    ["portfolio-advisor", "beta", "high"],
    ["code-assist", "early-access", "medium"],
  ] as const) {
    features.push(await createFeature({ key, name: key, stakes, plan: planWith(), currentPhase: phase }, "bench"));
  }
  for (let i = 0; i < autoPauseFeatures; i++) {
    await createFeature({ key: `autopause-${i}`, name: `autopause-${i}`, stakes: "high", plan: planWith(), currentPhase: "full" }, "bench");
  }
  const pg = engine() === "postgres" ? await postgresBulk() : null;
  const conn = pg ? pg.conn : sqlite();
  conn.pragma("cache_size = -262144"); // 256 MiB: a day's pages stay in memory until commit
  conn.pragma("synchronous = NORMAL"); // a generated database needs no crash safety
  const store = pg ? pg.store : ingestStore(conn);
  const insertOutput = conn.prepare(
    `INSERT INTO "Output" ("id","featureId","clientId","phase","segment","unit","confidence","shown","inputType","model","review","at","minute","receivedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertPending = conn.prepare(
    `INSERT INTO "ReviewPending" ("outputId","featureId","at","phase","segment","inputType","confidence","flags","priority") VALUES (?,?,?,?,?,?,?,?,?)`,
  );
  const insertVerdict = conn.prepare(`INSERT INTO "ReviewVerdict" ("outputId","featureId","at","waitMs") VALUES (?,?,?,?)`);
  const insertLabel = conn.prepare(
    `INSERT INTO "Label" ("outputId","source","correct","featureId","at","receivedAt") VALUES (?,?,?,?,?,?)`,
  );
  const rng = new Random(7);
  const now = Date.now();
  const start = now - 30 * DAY;
  const perDay = Math.ceil(total / 30);
  let written = 0;
  const t0 = performance.now();
  for (let day = 0; day < 30 && written < total; day++) {
    const deltas = new RollupDeltas();
    conn.transaction(() => {
      for (let i = 0; i < perDay && written < total; i++, written++) {
        const f = features[written % 3];
        const at = start + day * DAY + Math.floor((i / perDay) * DAY);
        const confidence = Math.round((0.55 + 0.45 * rng.next()) * 1000) / 1000;
        const segment = ["enterprise", "smb", "default"][written % 3 === 0 ? rng.int(3) : written % 2];
        const inputType = ["sql", "python", "meeting", "bash"][rng.int(4)];
        const id = `${f.id}:g${written}`;
        const key = { featureId: f.id, phase: f.currentPhase!.key, segment, minute: minuteOf(at) };
        const shown = confidence >= f.currentPhase!.confidenceThreshold;
        // The high-stakes feature sends every output to human review: reviewers keep up except
        // for a backlog on the last day (the queue and the review latency read these).
        const review = f.key === "portfolio-advisor";
        insertOutput.run(
          id,
          f.id,
          `g${written}`,
          key.phase,
          segment,
          `u${rng.int(50_000)}`,
          confidence,
          shown ? 1 : 0,
          inputType,
          "m1",
          review ? 1 : 0,
          at,
          key.minute,
          at,
        );
        deltas.addOutput(key, confidence, shown ? "plain" : "fallback", inputType);
        if (rng.chance(review ? (day < 29 ? 0.98 : 0.5) : 0.3)) {
          const correct = rng.chance(confidence - 0.05);
          const labelledAt = at + (review ? 600_000 + rng.int(3_600_000) : 60_000);
          insertLabel.run(id, "human", correct ? 1 : 0, f.id, labelledAt, labelledAt);
          if (review) insertVerdict.run(id, f.id, labelledAt, labelledAt - at);
          deltas.addLabelChange(key, confidence, inputType, {}, { human: correct });
        } else if (review) {
          const flags = entryFlags({ confidence, askedByProduct: true });
          insertPending.run(id, f.id, at, key.phase, segment, inputType, confidence, flags, queuePriority(at, flags));
        }
        if (rng.chance(0.1)) deltas.addFeedback(key, rng.chance(0.9) ? "up" : "down", 1, inputType);
      }
      store.applyDeltas(deltas);
    })();
    await pg?.flush();
    process.stderr.write(`\rgenerate: ${written.toLocaleString("en-US")} outputs (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  process.stderr.write("\n");
  await rebuildWorstCandidates(); // the weekly review's candidates, as ingest would have kept them
  for (const f of features) await rebuildModelBuckets(f.id); // ModelBucket, ModelVersion from the raw rows
  if (pg) await pg.done();
  else conn.pragma("wal_checkpoint(TRUNCATE)");
  const { key } = await createApiKey({ name: "bench", scopes: ["ingest", "evaluate", "operate", "read"], actor: "bench" });
  const admin = await createUser({ email: "bench@example.com", password: "bench-password-123", role: "admin" }, "bench");
  const token = await encode({ token: { uid: admin!.id }, secret: authSecret() });
  const ids = Object.fromEntries(
    features.map((f) => [
      f.key,
      // what the raw writer needs to write as ingest would (PlanFeature), beside the short form
      {
        id: f.id,
        phase: f.currentPhase!.key,
        threshold: f.currentPhase!.confidenceThreshold,
        key: f.key,
        phases: f.phases,
        currentPhase: f.currentPhase,
      },
    ]),
  );
  console.log(JSON.stringify({ key, cookie: `next-auth.session-token=${token}`, features: ids }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
