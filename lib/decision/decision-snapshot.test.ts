import { describe, expect, it } from "vitest";
import pg from "pg";
import { engine, sqlite } from "../db";
import { givenFeature, givenKey } from "../testing/fixtures";
import { findApiKey, hashKey } from "../data/api-keys";
import { POLL_INTERVAL_MS } from "../data/change-feed";
import { decisionSnapshot } from "./decision-snapshot";

// Another instance (or the CLI) writes straight to the database and announces nothing here: this
// instance must still learn of it within a poll of the change feed.

async function until(ok: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<number> {
  const started = performance.now();
  while (!(await ok())) {
    if (performance.now() - started > timeoutMs) throw new Error("not in time");
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

/** Statements committed in one transaction on a connection of their own (another process's). */
async function commitElsewhere(statements: [string, unknown[]][]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const [text, values] of statements) await client.query(text, values);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

/** What another process's pause commits: the state and its change row, in one transaction. */
async function pauseFromElsewhere(key: string) {
  if (engine() === "postgres") {
    return commitElsewhere([
      [`UPDATE "Feature" SET "state" = 'paused', "stateReason" = 'cli' WHERE "key" = $1`, [key]],
      [`INSERT INTO "StateChange" ("featureKey", "type", "payload") VALUES ($1, 'paused', '{}')`, [key]],
    ]);
  }
  const db = sqlite();
  db.transaction(() => {
    db.prepare(`UPDATE "Feature" SET "state" = 'paused', "stateReason" = 'cli' WHERE "key" = ?`).run(key);
    db.prepare(`INSERT INTO "StateChange" ("at", "featureKey", "type", "payload") VALUES (?, ?, 'paused', '{}')`).run(Date.now(), key);
  })();
}

describe("decision snapshot across instances", () => {
  it("picks up a pause committed by another process within a few polls", async () => {
    await givenFeature("meeting-summary", "full");
    const before = await decisionSnapshot();
    expect(before.features.get("meeting-summary")?.state).toBe("running");
    await pauseFromElsewhere("meeting-summary");
    const ms = await until(async () => (await decisionSnapshot()).features.get("meeting-summary")?.state === "paused");
    expect(ms).toBeLessThan(POLL_INTERVAL_MS * 4);
  });

  it("stops accepting a cached key once another process revoked it", async () => {
    const key = await givenKey(["evaluate"]);
    expect(await findApiKey(key)).not.toBeNull(); // verified and cached
    if (engine() === "postgres") {
      await commitElsewhere([
        [`UPDATE "ApiKey" SET "revokedAt" = now() WHERE "hash" = $1`, [hashKey(key)]],
        [`INSERT INTO "StateChange" ("featureKey", "type", "payload") VALUES ('', 'key_revoked', '{}')`, []],
      ]);
    } else {
      const db = sqlite();
      db.transaction(() => {
        db.prepare(`UPDATE "ApiKey" SET "revokedAt" = ? WHERE "hash" = ?`).run(Date.now(), hashKey(key));
        db.prepare(`INSERT INTO "StateChange" ("at", "featureKey", "type", "payload") VALUES (?, '', 'key_revoked', '{}')`).run(Date.now());
      })();
    }
    const ms = await until(async () => (await findApiKey(key)) === null);
    expect(ms).toBeLessThan(POLL_INTERVAL_MS * 4);
  });
});
