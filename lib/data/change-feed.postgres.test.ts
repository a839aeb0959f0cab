import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { CHANGE_ORDER_LOCK, engine } from "../db";
import { CHANGE_CHANNEL, ChangeFeed, commitChange, notifyListener, recordChange, type StateChangeEvent } from "./change-feed";
import { pauseFeature } from "../use-cases/pause";
import { givenFeature } from "../testing/fixtures";

// Several instances on one PostgreSQL database: a change committed by any of them (or by the CLI)
// wakes every instance's feed through LISTEN/NOTIFY, without waiting for a poll.

const feeds: ChangeFeed[] = [];
afterEach(() => {
  for (const f of feeds.splice(0)) f.close();
});

/** A feed woken only by NOTIFY: no poll at all, so only the notification can deliver. */
function notifyOnlyFeed(): { feed: ChangeFeed; seen: StateChangeEvent[] } {
  const feed = new ChangeFeed(notifyListener(process.env.DATABASE_URL!));
  feeds.push(feed);
  const seen: StateChangeEvent[] = [];
  feed.subscribe((e) => void seen.push(e));
  return { feed, seen };
}

async function until(ok: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > timeoutMs) throw new Error("not in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(engine() !== "postgres")("change feed over LISTEN/NOTIFY", () => {
  it("a pause made by this instance reaches another instance's feed that never polls", async () => {
    await givenFeature("meeting-summary", "full");
    const other = notifyOnlyFeed();
    await other.feed.start();
    await new Promise((r) => setTimeout(r, 200)); // its LISTEN is in place
    await pauseFeature({ key: "meeting-summary", reason: "dip", actor: "test" });
    await until(() => other.seen.some((e) => e.featureKey === "meeting-summary" && e.type === "paused"));
  });

  it("a change committed on another connection with a NOTIFY is delivered; a rolled-back one is not", async () => {
    const other = notifyOnlyFeed();
    await other.feed.start();
    await new Promise((r) => setTimeout(r, 200));
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "StateChange" ("featureKey", "type", "payload") VALUES ('meeting-summary', 'threshold_changed', '{"n":1}')`);
      await client.query(`SELECT pg_notify('${CHANGE_CHANNEL}', '')`);
      await client.query("ROLLBACK");
      await client.query("BEGIN");
      await client.query(`INSERT INTO "StateChange" ("featureKey", "type", "payload") VALUES ('meeting-summary', 'resumed', '{"n":2}')`);
      await client.query(`SELECT pg_notify('${CHANGE_CHANNEL}', '')`);
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
    await until(() => other.seen.length > 0);
    expect(other.seen.map((e) => e.type)).toEqual(["resumed"]);
  });

  it("a change whose transaction began first and commits last is still delivered: change ids follow commit order", async () => {
    const other = notifyOnlyFeed();
    await other.feed.start();
    await new Promise((r) => setTimeout(r, 200));
    // Another instance records a pause and is slow to commit (it does what commitChange does there).
    const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await slow.connect();
    try {
      await slow.query("BEGIN");
      await slow.query(CHANGE_ORDER_LOCK);
      await slow.query(`INSERT INTO "StateChange" ("featureKey", "type", "payload") VALUES ('meeting-summary', 'paused', '{"reason":"slow instance"}')`);
      await slow.query(`SELECT pg_notify('${CHANGE_CHANNEL}', '')`);
      // This instance records a change meanwhile; the other feed reads it at once when it commits.
      const fast = commitChange((tx) => recordChange(tx, { featureKey: "meeting-summary", type: "threshold_changed", payload: { n: 1 } }));
      await new Promise((r) => setTimeout(r, 500));
      await slow.query("COMMIT");
      await fast;
    } finally {
      await slow.end();
    }
    // Without one order, the fast change took the higher id and committed first; the feed, having
    // applied it, would never read the pause below it.
    await until(() => other.seen.length >= 2);
    expect(other.seen.map((e) => e.type)).toEqual(["paused", "threshold_changed"]);
  });
});
