import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { db, engine, writeTransaction } from "./db";
import { sqliteFile } from "./env";

// A write transaction that reads first must not fail because another process committed between its
// read and its write. On SQLite, Prisma's deferred transaction was refused then with
// SQLITE_BUSY_SNAPSHOT (no busy timeout applies), and a resume answered 503 (CI, browser-widget e2e).

const other = engine() === "sqlite" ? new Database(sqliteFile()!, { timeout: 0 }) : null;
afterAll(() => other?.close());

it.skipIf(engine() !== "sqlite")(
  "a write transaction that reads, then writes, commits while another process tries to write in between",
  async () => {
    await db.setting.deleteMany({ where: { key: { startsWith: "lock-test-" } } });
    let otherWrote: boolean | null = null;
    await writeTransaction(async (tx) => {
      await tx.setting.findMany({ where: { key: { startsWith: "lock-test-" } } });
      // another process (its own connection) writes while this transaction is between its read and its write
      try {
        other!.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('lock-test-other', '1')`).run();
        otherWrote = true;
      } catch (e) {
        expect((e as { code?: string }).code).toBe("SQLITE_BUSY"); // it waits for this writer instead
        otherWrote = false;
      }
      await tx.setting.create({ data: { key: "lock-test-mine", value: "1" } });
    });
    expect(otherWrote).toBe(false);
    expect((await db.setting.findMany({ where: { key: { startsWith: "lock-test-" } } })).map((s) => s.key)).toEqual(["lock-test-mine"]);
    // once this transaction committed, the other process writes as usual
    other!.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('lock-test-other', '1')`).run();
  },
);
