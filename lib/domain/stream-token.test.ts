import { describe, expect, it } from "vitest";
import { issueStreamToken, STREAM_TOKEN_WINDOW_MS, verifyStreamToken } from "./stream-token";

const secret = "s3cret";
const t0 = Date.UTC(2026, 10, 29, 8, 0, 0);

describe("event-stream tokens", () => {
  it("name their key and hold for 15 to 30 minutes", () => {
    const { token, expiresAt } = issueStreamToken(secret, "key1", t0 + 1000);
    expect(expiresAt - t0).toBe(2 * STREAM_TOKEN_WINDOW_MS);
    expect(verifyStreamToken(secret, token, t0 + 29 * 60_000)).toEqual({ ok: true, keyId: "key1", expiresAt });
    expect(verifyStreamToken(secret, token, expiresAt)).toEqual({ ok: false, reason: "expired" });
  });

  it("stay the same within a window so the provider keeps its connection", () => {
    expect(issueStreamToken(secret, "key1", t0 + 1).token).toBe(issueStreamToken(secret, "key1", t0 + 14 * 60_000).token);
    expect(issueStreamToken(secret, "key1", t0).token).not.toBe(issueStreamToken(secret, "key1", t0 + STREAM_TOKEN_WINDOW_MS).token);
  });

  it("cannot be forged for another key, another expiry or another server", () => {
    const { token } = issueStreamToken(secret, "key1", t0);
    const [v, , exp, sig] = token.split(".");
    expect(verifyStreamToken(secret, [v, "key2", exp, sig].join("."), t0).ok).toBe(false);
    expect(verifyStreamToken(secret, [v, "key1", String(Number(exp) + 3600), sig].join("."), t0).ok).toBe(false);
    expect(verifyStreamToken("other", token, t0)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyStreamToken(secret, "rg_abc", t0)).toEqual({ ok: false, reason: "malformed" });
  });
});
