import { describe, expect, it } from "vitest";
import { createClientKey, hashKey, isAllowedOrigin } from "./api-keys";
import { commitChange, recordChange } from "./change-feed";

// CORS preflights carry no key, so each process keeps the origins of every active client key for a
// few seconds. A client key made elsewhere — in the app while this is the decision listener's
// process, or on another instance — is published as a `key_created` change, so this process
// answers the new origin's preflight at once instead of refusing it until its copy expires (a
// browser widget set up with a new key fell back on its first call: e2e/browser-widget.spec.ts).

describe("allowed origins of client-side keys", () => {
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
