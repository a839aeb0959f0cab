import { describe, expect, it } from "vitest";
import { db, dbReady } from "../db";
import { createClientKey, findApiKey, hashKey, isAllowedOrigin } from "./api-keys";
import { changeFeed, commitChange, recordChange } from "./change-feed";

// CORS preflights carry no key, so each process keeps the origins of every active client key for a
// few seconds. A client key made elsewhere — in the app while this is the decision listener's
// process, or on another instance — is published as a `key_created` change, so this process
// answers the new origin's preflight at once instead of refusing it until its copy expires (a
// browser widget set up with a new key fell back on its first call: e2e/browser-widget.spec.ts).

describe("allowed origins of client-side keys", () => {
  // Runs first, while this file's process has no change feed yet. The feed starts past the newest
  // change row; a key made or revoked elsewhere while it is starting must not leave this process
  // with a stale copy (CI once saw the next test's new origin refused for five seconds).
  it("keeps no copy read before its change feed runs: a key made or revoked meanwhile counts at once", async () => {
    const suffix = Date.now().toString(36);
    const origin = `https://early-${suffix}.example`;
    const serverKey = `rg_early-${suffix}`;
    await db.apiKey.create({ data: { name: "early", prefix: "rg_early01", hash: hashKey(serverKey), scopes: "evaluate" } });
    // hold this process's feed at its start (it waits for the database to be ready) until the writes below
    await dbReady();
    const g = globalThis as { rollguardDbReady?: Promise<void> };
    const ready = g.rollguardDbReady;
    let open = () => {};
    g.rollguardDbReady = new Promise<void>((resolve) => (open = resolve)).then(() => ready);

    expect(await isAllowedOrigin(origin)).toBe(false);
    expect(await findApiKey(serverKey)).not.toBeNull();
    expect(changeFeed().started).toBe(false);
    // another process creates a client key for the origin and revokes the server key, and publishes both
    await db.apiKey.create({ data: { name: "elsewhere", prefix: "rg_early02", hash: hashKey(`rg_other-${suffix}`), scopes: "evaluate", kind: "client", origins: origin } });
    await db.apiKey.update({ where: { prefix: "rg_early01" }, data: { revokedAt: new Date() } });
    await db.stateChange.create({ data: { featureKey: "", type: "key_created", payload: JSON.stringify({ prefix: "rg_early02" }) } });
    await db.stateChange.create({ data: { featureKey: "", type: "key_revoked", payload: JSON.stringify({ prefix: "rg_early01" }) } });
    open();
    await changeFeed().start(); // begins past both changes: they never reach this process's listeners

    expect(await isAllowedOrigin(origin)).toBe(true);
    expect(await findApiKey(serverKey)).toBeNull();
  });

  it("takes the origin of a key created by another process at once, not when its copy expires", async () => {
    const origin = `https://shop-${Date.now().toString(36)}.example`;
    expect(await isAllowedOrigin(origin)).toBe(false); // this process now holds the origins as they are
    // what the app's process (or another instance) stores and publishes; this process only hears the change
    await commitChange(async (tx) => {
      await tx.apiKey.create({
        data: { name: "elsewhere", prefix: "rg_elsewh1", hash: hashKey(`rg_elsewhere-${origin}`), scopes: "evaluate", kind: "client", featureIds: "", origins: origin },
      });
      await recordChange(tx, { featureKey: "", type: "key_created", payload: { prefix: "rg_elsewh1" } });
    });
    expect(await isAllowedOrigin(origin)).toBe(true);
  });

  it("a key created here allows its origin, and its revocation takes it away", async () => {
    const origin = `https://app-${Date.now().toString(36)}.example`;
    expect(await isAllowedOrigin(origin)).toBe(false);
    const { key } = await createClientKey({ name: "widget", featureKeys: [], origins: [origin], actor: "test" });
    expect(await isAllowedOrigin(origin)).toBe(true);
    const { revokeApiKey } = await import("./api-keys");
    await revokeApiKey(key.slice(0, 10), "test");
    expect(await isAllowedOrigin(origin)).toBe(false);
  });
});
