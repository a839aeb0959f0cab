import { createHash, randomBytes } from "node:crypto";
import { db, writeTransaction } from "../db";
import { audit } from "./audit";

// API keys: shown once, stored as a SHA-256 hash (keys are 192-bit random, so a fast hash is
// enough) with a visible prefix to recognise them in lists and logs.

export const SCOPES = ["ingest", "evaluate", "operate", "read"] as const;
export type Scope = (typeof SCOPES)[number];

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
    await audit(tx, { actor: input.actor, action: "key.create", target: prefix, after: { name: input.name, scopes: input.scopes } });
    return created;
  });
  return { key, identity: toIdentity(row) };
}

const lastUseWritten = new Map<string, number>();

/** The identity behind a presented key, or null when unknown or revoked. */
export async function findApiKey(key: string): Promise<ApiKeyIdentity | null> {
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(key) } });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (now - (lastUseWritten.get(row.id) ?? 0) > 60_000) {
    lastUseWritten.set(row.id, now);
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return toIdentity(row);
}

export async function revokeApiKey(prefix: string, actor: string): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { prefix } });
    if (!row || row.revokedAt) return false;
    await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await audit(tx, { actor, action: "key.revoke", target: prefix });
    return true;
  });
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
