import { createHash, randomBytes } from "node:crypto";
import { db, dbReady, guardedWrite, writeTransaction } from "../db";
import { faultKind } from "../db-faults";
import { AppError } from "../errors";
import { audit } from "./audit";
import { changeFeed, commitChange, recordChange } from "./change-feed";

// API keys: shown once, stored as a SHA-256 hash (keys are 192-bit random, so a fast hash is
// enough) with a visible prefix to recognise them in lists and logs.

import type { Scope } from "../domain/scopes";
export { SCOPES, type Scope } from "../domain/scopes";

export type KeyKind = "server" | "client";

export interface ApiKeyIdentity {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  featureId: string | null;
  /** client: may sit in a browser — evaluate and thumbs feedback only, for its named features */
  kind: KeyKind;
  /** the features the key may see; null for every feature */
  featureIds: string[] | null;
  /** client keys: the browser origins allowed by CORS (exact `scheme://host[:port]`) */
  origins: string[];
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
// The cache is keyed by the presented key itself (not its hash): a cached key costs one Map
// lookup, no SHA-256 per request (issue 24). Only keys found active are held, with their hash for
// the snapshot's copy on disk (which stores hashes, never keys).
const KEY_CACHE_MS = 60_000;
interface CachedKey {
  hash: string;
  identity: ApiKeyIdentity;
  until: number;
}
const g = globalThis as unknown as { rollguardKeyCache?: Map<string, CachedKey>; rollguardKeyCacheWired?: boolean };
const keyCache = () => (g.rollguardKeyCache ??= new Map());

/**
 * Clears the verified-key cache when any instance revokes a key. The app's server process wires it at
 * start-up (lib/server-startup.ts); other processes (the decision listener, the CLI, tests) on first use.
 *
 * Returns whether a key or the origins read from now on may be kept: only once the change feed has
 * started. The feed starts past the newest change row, so a change committed elsewhere between a read
 * and that start would never reach this process, and a copy taken then would stay stale until it
 * expires (CI saw a new client key's origin refused). Until then each question reads the database.
 */
export function watchKeyRevocations(): boolean {
  const feed = changeFeed();
  if (!g.rollguardKeyCacheWired) {
    g.rollguardKeyCacheWired = true;
    feed.subscribe((change) => {
      if (change.type === "key_revoked") {
        keyCache().clear();
        remembered().clear();
      }
      // a client key made or revoked anywhere (another process, another instance): CORS reads its origins afresh
      if (change.type === "key_revoked" || change.type === "key_created") forgetAllowedOrigins();
    });
  }
  // one start at a time (start() keeps its promise); after a failure (the database away) the next question tries again
  if (!feed.started) feed.start().catch(() => undefined);
  return feed.started;
}

const gr = globalThis as unknown as { rollguardRememberedKeys?: Map<string, ApiKeyIdentity> };
const remembered = () => (gr.rollguardRememberedKeys ??= new Map());

/** The keys this process has verified (hash, identity), for the decision snapshot's copy on disk. */
export function verifiedKeys(): [string, ApiKeyIdentity][] {
  const out = new Map(remembered());
  for (const { hash, identity } of keyCache().values()) out.set(hash, identity);
  return [...out];
}

/** Keys verified before a restart, taken only while the database cannot be asked (see findApiKey). */
export function rememberVerifiedKeys(keys: [string, ApiKeyIdentity][]): void {
  for (const [hash, identity] of keys) remembered().set(hash, identity);
}

/** The database answers again: keys are verified against it, not from the copy on disk. */
export function forgetRememberedKeys(): void {
  remembered().clear();
}

/** The identity behind a presented key, or null when unknown or revoked. */
export async function findApiKey(key: string): Promise<ApiKeyIdentity | null> {
  const cached = keyCache().get(key);
  const now = Date.now();
  if (cached && cached.until > now) {
    noteLastUse(cached.identity.id, now);
    return cached.identity;
  }
  const hash = cached?.hash ?? hashKey(key);
  const keep = watchKeyRevocations();
  let row;
  try {
    row = await db.apiKey.findUnique({ where: { hash } });
  } catch (e) {
    // The database is away (an outage): a key this process verified before — in memory, or saved
    // on disk with the decision snapshot — is still taken; an unknown key is a 503, never a guess.
    const known = cached?.identity ?? remembered().get(hash);
    if (known && faultKind(e)) return known;
    throw e;
  }
  if (!row || row.revokedAt) {
    keyCache().delete(key);
    return null;
  }
  const at = Date.now();
  const identity = toIdentity(row);
  if (keep) keyCache().set(key, { hash, identity, until: at + KEY_CACHE_MS });
  noteLastUse(row.id, at);
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
  if (revoked) {
    remembered().clear();
    keyCache().clear(); // already cleared by the feed's key_revoked when the cache is wired
    forgetAllowedOrigins();
  }
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
  kind: KeyKind;
  /** client keys: the keys of the features they name */
  featureKeys: string[];
  origins: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Keys for the admin page: everything but the hash. Active keys first, newest first. */
export async function listApiKeySummaries(): Promise<ApiKeySummary[]> {
  const rows = await listApiKeys();
  const featureKeyOf = new Map((await db.feature.findMany({ select: { id: true, key: true } })).map((f) => [f.id, f.key]));
  return rows
    .map((k) => {
      const identity = toIdentity(k);
      const featureKeys = identity.kind === "client" ? (identity.featureIds ?? []).map((id) => featureKeyOf.get(id) ?? "(deleted)") : [];
      return { ...identity, featureKeys, featureKey: k.feature?.key ?? null, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt };
    })
    .map(({ featureId: _, featureIds: __, ...k }) => k)
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}

export async function listApiKeys() {
  return db.apiKey.findMany({ orderBy: { createdAt: "desc" }, include: { feature: { select: { key: true } } } });
}

type KeyRow = { id: string; name: string; prefix: string; scopes: string; featureId: string | null; kind: string; featureIds: string; origins: string };

function toIdentity(row: KeyRow): ApiKeyIdentity {
  const kind: KeyKind = row.kind === "client" ? "client" : "server";
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(",").filter(Boolean) as Scope[],
    featureId: row.featureId,
    kind,
    featureIds: kind === "client" ? row.featureIds.split(",").filter(Boolean) : row.featureId ? [row.featureId] : null,
    origins: row.origins.split(/\s+/).filter(Boolean),
  };
}

/** What a client-side key may do: ask for decisions and send thumbs feedback, nothing else. */
export const CLIENT_KEY_SCOPES = ["evaluate", "feedback"] as const;

/**
 * Creates a client-side key: it may sit in a browser (its value is public), so it can only
 * evaluate and send thumbs feedback for the features it names, from the origins it allows.
 */
export async function createClientKey(input: { name: string; featureKeys: string[]; origins: string[]; actor: string }): Promise<{ key: string; identity: ApiKeyIdentity }> {
  const features = await db.feature.findMany({ where: { key: { in: input.featureKeys } }, select: { id: true, key: true } });
  const missing = input.featureKeys.filter((k) => !features.some((f) => f.key === k));
  if (missing.length > 0) throw new AppError("unknown_feature", 400, `No feature with key ${missing.map((k) => `"${k}"`).join(", ")}`);
  const secret = randomBytes(24).toString("base64url");
  const key = `rg_${secret}`;
  const prefix = key.slice(0, 10);
  // published (key_created): the decision listener and other instances answer the new origin's
  // CORS preflight at once, not after their cached origins expire (up to ORIGINS_CACHE_MS)
  const row = await commitChange(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        name: input.name,
        prefix,
        hash: hashKey(key),
        scopes: CLIENT_KEY_SCOPES.join(","),
        kind: "client",
        featureIds: features.map((f) => f.id).join(","),
        origins: input.origins.join(" "),
      },
    });
    const after = { name: input.name, kind: "client", features: input.featureKeys, origins: input.origins };
    await audit(tx, { actor: input.actor, action: "key.create", target: prefix, after });
    await recordChange(tx, { featureKey: "", type: "key_created", payload: { prefix } });
    return created;
  });
  forgetAllowedOrigins();
  return { key, identity: toIdentity(row) };
}

/** An active key by id (the event stream's token names its key): null when unknown or revoked. */
export async function findActiveApiKeyById(id: string): Promise<ApiKeyIdentity | null> {
  const row = await db.apiKey.findUnique({ where: { id } });
  return row && !row.revokedAt ? toIdentity(row) : null;
}

// The origins of every active client key, for CORS preflights (which carry no key): read at most
// every few seconds per process, and at once after a key is created or revoked here.
const ORIGINS_CACHE_MS = 5_000;
const gOrigins = globalThis as unknown as {
  rollguardAllowedOrigins?: { origins: Set<string>; until: number; loading: Promise<Set<string>> | null; generation: number };
};
const allowedOriginsCache = () => (gOrigins.rollguardAllowedOrigins ??= { origins: new Set(), until: 0, loading: null, generation: 0 });

/** A client key was made or revoked: the next CORS check reads the origins afresh (a read already under way is not taken). */
function forgetAllowedOrigins(): void {
  const c = allowedOriginsCache();
  c.until = 0;
  c.loading = null;
  c.generation++;
}

/** True when some active client key allows this browser origin. */
export async function isAllowedOrigin(origin: string): Promise<boolean> {
  const c = allowedOriginsCache();
  while (c.until <= Date.now()) {
    const keep = watchKeyRevocations(); // a preflight may be this process's first key question
    const generation = c.generation;
    const loading = (c.loading ??= db.apiKey
      .findMany({ where: { kind: "client", revokedAt: null }, select: { origins: true } })
      .then((rows) => new Set(rows.flatMap((r) => r.origins.split(/\s+/).filter(Boolean)))));
    const origins = await loading.finally(() => {
      if (c.loading === loading) c.loading = null;
    });
    if (generation !== c.generation) continue; // a key changed while reading: read again
    c.origins = origins;
    if (!keep) return origins.has(origin); // the feed is not running yet: answered, not kept
    c.until = Date.now() + ORIGINS_CACHE_MS;
  }
  return c.origins.has(origin);
}
