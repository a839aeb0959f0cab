import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "../db";
import { ZAuditQuery } from "../schemas/audit";
import { audit, auditActions, listAuditEvents } from "./audit";

// The audit log page's query, and the promise that nothing in the code base can change the log.

beforeAll(async () => {
  await writeTransaction(async (tx) => {
    for (let i = 0; i < 7; i++)
      await audit(tx, { actor: "user:ana@example.com", action: "feature.pause", target: `feat-${i % 2}`, reason: `r${i}` });
    await audit(tx, { actor: "key:rg_AbCdEfG", action: "key.create", target: "rg_XyZ" });
    await audit(tx, { actor: "anonymous", action: "auth.signin_failed", target: "mallory@example.com" });
  });
});

describe("listAuditEvents", () => {
  it("pages newest first, with the total", async () => {
    const first = await listAuditEvents({}, 1, 4);
    expect(first.total).toBe(9);
    expect(first.rows.map((r) => r.action)).toEqual(["auth.signin_failed", "key.create", "feature.pause", "feature.pause"]);
    const last = await listAuditEvents({}, 3, 4);
    expect(last.rows).toHaveLength(1);
    expect(last.rows[0].reason).toBe("r0");
  });

  it("filters by action, actor and target substrings, and time", async () => {
    expect((await listAuditEvents({ action: "feature.pause", target: "feat-1" }, 1, 50)).total).toBe(3);
    expect((await listAuditEvents({ actor: "rg_AbC" }, 1, 50)).rows.map((r) => r.target)).toEqual(["rg_XyZ"]);
    expect((await listAuditEvents({ from: new Date(Date.now() + 60_000) }, 1, 50)).total).toBe(0);
    expect((await listAuditEvents({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) }, 1, 50)).total).toBe(9);
  });

  it("offers the recorded actions as choices", async () => {
    expect(await auditActions()).toEqual(["auth.signin_failed", "feature.pause", "key.create"]);
  });
});

describe("ZAuditQuery", () => {
  it("reads datetime-local values as UTC and drops malformed fields instead of failing", () => {
    expect(ZAuditQuery.parse({ from: "2026-05-01T14:05", to: "2026-05-02", page: "3", actor: " ana " })).toEqual({
      from: new Date("2026-05-01T14:05:00Z"),
      to: new Date("2026-05-02T00:00:00Z"),
      page: 3,
      actor: "ana",
    });
    expect(ZAuditQuery.parse({ from: "yesterday", page: "-2", action: "" })).toEqual({ page: 1 });
  });
});

describe("the audit log is append-only", () => {
  it("no source file updates or deletes audit events", () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const offenders: string[] = [];
    for (const dir of ["app", "components", "lib", "scripts", "prisma"]) {
      for (const e of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!e.isFile() || !/\.(ts|tsx|sql)$/.test(e.name) || /\.test\.ts$/.test(e.name)) continue;
        const file = path.join(e.parentPath, e.name);
        const src = readFileSync(file, "utf8");
        if (
          /auditEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test(src) ||
          /(UPDATE|DELETE\s+FROM)\s+["`]?AuditEvent\b/i.test(src)
        ) {
          offenders.push(path.relative(root, file));
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
