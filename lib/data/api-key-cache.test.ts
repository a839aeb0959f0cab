import { describe, expect, it } from "vitest";
import { givenKey } from "../testing/fixtures";
import { findApiKey, hashKey, revokeApiKey, verifiedKeys } from "./api-keys";
import { changeFeed } from "./change-feed";

// The verified-key cache is keyed by the presented key (issue 24: no SHA-256 per request); a
// revoked key must still stop working on the very next lookup, and the copy kept for an outage
// (saved on disk with the decision snapshot) must hold hashes, never the keys themselves.

describe("the verified-key cache", () => {
  it("answers a cached key, refuses it on the next lookup once revoked, and keeps the other keys", async () => {
    const key = await givenKey(["evaluate"]);
    const other = await givenKey(["evaluate"]);
    await changeFeed().start(); // keys are kept once the feed that brings revocations runs (client-key-origins.test.ts)
    const first = await findApiKey(key);
    expect(first).not.toBeNull();
    expect(await findApiKey(key)).toBe(first); // the cached identity, no database read
    expect(await findApiKey(other)).not.toBeNull();
    expect(await findApiKey(`${key}x`)).toBeNull();
    await revokeApiKey(key.slice(0, 10), "test");
    expect(await findApiKey(key)).toBeNull();
    expect(await findApiKey(key)).toBeNull(); // a refused key is not cached
    expect(await findApiKey(other)).not.toBeNull();
  });

  it("keeps hashes, not keys, for the copy on disk", async () => {
    const key = await givenKey(["evaluate"]);
    const identity = await findApiKey(key);
    const saved = verifiedKeys();
    expect(saved).toContainEqual([hashKey(key), identity]);
    expect(JSON.stringify(saved)).not.toContain(key);
  });
});
