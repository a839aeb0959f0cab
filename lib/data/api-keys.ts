import { createHash, randomBytes } from "node:crypto";
import { db, dbReady, guardedWrite, writeTransaction } from "../db";
import { AppError } from "../errors";
import { audit } from "./audit";
import { changeFeed, commitChange, recordChange } from "./change-feed";

// API keys: shown once, stored as a SHA-256 hash (keys are 192-bit random, so a fast hash is
// enough) with a visible prefix to recognise them in lists and logs.

import type { Scope } from "../domain/scopes";
export { SCOPES, type Scope } from "../domain/scopes";

export interface ApiKeyIdentity {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  featureId: string | null;
}

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function createApiKey(input: {
  name: string;
  scopes: Scope[];
  featureId?: string | null;
  actor: string;
}): Promise<{ key: string; identity: ApiKeyIdentity }> {
  const secret = randomBytes(24).toString("base64url");
  const key = `rg_${secret}`;
  const prefix = key.slice(0, 10);
  const row = await writeTransaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name: input.name, prefix, hash: hashKey(key), scopes: input.scopes.join(","), featureId: input.featureId ?? null },
    });
    const feature = input.featureId ? await tx.feature.findUnique({ where: { id: input.featureId }, select: { key: true } }) : null;
    const after = { name: input.name, scopes: input.scopes, ...(feature ? { feature: feature.key } : {}) };
    await audit(tx, { actor: input.actor, action: "key.create", target: prefix, after });
    return created;
  });
  return { key, identity: toIdentity(row) };
}

// Last-use times: noted in memory on the decision path and stored in one batch every
// LAST_USE_FLUSH_MS, best effort (a sick database must not fail or slow a decision).
const LAST_USE_FLUSH_MS = 30_000;
const gu = globalThis as unknown as { rollguardLastUse?: Map<string, number>; rollguardLastUseTimer?: ReturnType<typeof setInterval> };
const lastUse = () => (gu.rollguardLastUse ??= new Map());

function noteLastUse(id: string, at: number) {
  lastUse().set(id, at);
  if (gu.rollguardLastUseTimer) return;
  gu.rollguardLastUseTimer = setInterval(() => void flushLastUse(), LAST_USE_FLUSH_MS);
  gu.rollguardLastUseTimer.unref?.();
}

/** Stores the noted last-use times (one short write); kept for the next flush when it fails. */
export async function flushLastUse(): Promise<boolean> {
  const batch = [...lastUse()];
  if (batch.length === 0) return true;
  lastUse().clear();
  try {
    await guardedWrite(async () => {
      await dbReady();
      for (const [id, at] of batch) await db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: new Date(at) } });
    }, { waitMs: 500 });
    return true;
  } catch {
    for (const [id, at] of batch) if (!lastUse().has(id)) lastUse().set(id, at);
    return false;
  }
}

// Verified keys are cached briefly so that the decision path does not read the database per
// request. Revocation stays immediate: it clears this process's cache directly and, through a
// `key_revoked` change row, every other instance's within one change-feed poll.
const KEY_CACHE_MS = 60_000;
const g = globalThis as unknown as { rollguardKeyCache?: Map<string, { identity: ApiKeyIdentity; until: number }>; rollguardKeyCacheWired?: boolean };
const keyCache = () => (g.rollguardKeyCache ??= new Map());

function wireKeyCache() {
  if (g.rollguardKeyCacheWired) return;
  g.rollguardKeyCacheWired = true;
  const feed = changeFeed();
  feed.subscribe((change) => {
    if (change.type === "key_revoked") keyCache().clear();
  });
  void feed.start();
}

/** The identity behind a presented key, or null when unknown or revoked. */
export async function findApiKey(key: string): Promise<ApiKeyIdentity | null> {
  const hash = hashKey(key);
  const cached = keyCache().get(hash);
  if (cached && cached.until > Date.now()) {
    noteLastUse(cached.identity.id, Date.now());
    return cached.identity;
  }
  wireKeyCache();
  const row = await db.apiKey.findUnique({ where: { hash } });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  const identity = toIdentity(row);
  keyCache().set(hash, { identity, until: now + KEY_CACHE_MS });
  noteLastUse(row.id, now);
  return identity;
}

export async function revokeApiKey(prefix: string, actor: string): Promise<boolean> {
  const revoked = await commitChange(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { prefix } });
    if (!row || row.revokedAt) return false;
    await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await audit(tx, { actor, action: "key.revoke", target: prefix });
    await recordChange(tx, { featureKey: "", type: "key_revoked", payload: { prefix } });
    return true;
  });
  if (revoked) keyCache().clear(); // already cleared by the feed's key_revoked when the cache is wired
  return revoked;
}

/** Creates a key restricted to the feature `featureKey` (or to none); 400 unknown_feature when it does not exist. */
export async function createApiKeyForFeature(input: { name: string; scopes: Scope[]; featureKey: string | null; actor: string }) {
  let featureId: string | null = null;
  if (input.featureKey) {
    const feature = await db.feature.findUnique({ where: { key: input.featureKey }, select: { id: true } });
    if (!feature) throw new AppError("unknown_feature", 400, `No feature with key "${input.featureKey}"`);
    featureId = feature.id;
  }
  return createApiKey({ name: input.name, scopes: input.scopes, featureId, actor: input.actor });
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  featureKey: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Keys for the admin page: everything but the hash. Active keys first, newest first. */
export async function listApiKeySummaries(): Promise<ApiKeySummary[]> {
  const rows = await listApiKeys();
  return rows
    .map((k) => ({ ...toIdentity(k), featureKey: k.feature?.key ?? null, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt }))
    .map(({ featureId: _, ...k }) => k)
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}

export async function listApiKeys() {
  return db.apiKey.findMany({ orderBy: { createdAt: "desc" }, include: { feature: { select: { key: true } } } });
}

function toIdentity(row: { id: string; name: string; prefix: string; scopes: string; featureId: string | null }): ApiKeyIdentity {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(",").filter(Boolean) as Scope[],
    featureId: row.featureId,
  };
}
