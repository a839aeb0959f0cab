import { createHmac, timingSafeEqual } from "node:crypto";

// The token in the event-stream URL that the OFREP bulk answer advertises (ADR-0008). A browser's
// EventSource cannot send an Authorization header, so the URL carries a short-lived, read-only
// credential instead of the API key: it names the key (whose features it may hear about, checked
// again at every connection, so a revoked key is refused) and an expiry, signed by the server.
//
// The same key gets the same token for a whole window: the web provider keeps its connection when
// the advertised URL is unchanged, and a fresh token per answer would make it reconnect on every
// refetch.

export const STREAM_TOKEN_WINDOW_MS = 15 * 60_000;

const sign = (secret: string, keyId: string, exp: number) =>
  createHmac("sha256", secret).update(`rollguard.flag-events.v1:${keyId}:${exp}`).digest("base64url").slice(0, 32);

/** A token valid for 15 to 30 minutes from `now`, identical for every call in the same window. */
export function issueStreamToken(secret: string, keyId: string, now: number): { token: string; expiresAt: number } {
  const exp = (Math.floor(now / STREAM_TOKEN_WINDOW_MS) + 2) * STREAM_TOKEN_WINDOW_MS;
  const expSec = exp / 1000;
  return { token: `v1.${keyId}.${expSec}.${sign(secret, keyId, expSec)}`, expiresAt: exp };
}

export type StreamTokenCheck =
  { ok: true; keyId: string; expiresAt: number } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** The key a token names, when its signature holds and it has not expired. */
export function verifyStreamToken(secret: string, token: string, now: number): StreamTokenCheck {
  const m = /^v1\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return { ok: false, reason: "malformed" };
  const [, keyId, expText, sig] = m;
  const expSec = Number(expText);
  const want = Buffer.from(sign(secret, keyId, expSec));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: "bad_signature" };
  if (expSec * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, keyId, expiresAt: expSec * 1000 };
}
