import { db, type Tx } from "../db";

// The audit log is append-only: this module can add and read events; nothing can change them.

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  /** when the change took effect, if not now (a phase move stamped with its own instant) */
  at?: Date;
}

/** Writes an audit event inside the caller's transaction, so it commits with the change. */
export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: e.actor,
      action: e.action,
      target: e.target,
      reason: e.reason ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ...(e.at ? { at: e.at } : {}),
    },
  });
}

export interface AuditFilter {
  action?: string;
  /** substring of the actor label, e.g. an email or a key prefix */
  actor?: string;
  /** substring of the target, e.g. a feature key, key prefix or email */
  target?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  before: string | null;
  after: string | null;
}

/** One page of audit events, newest first, with the total that match. */
export async function listAuditEvents(filter: AuditFilter, page: number, pageSize: number): Promise<{ rows: AuditRow[]; total: number }> {
  const where = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actor: { contains: filter.actor } } : {}),
    ...(filter.target ? { target: { contains: filter.target } } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total };
}

/** The distinct actions recorded so far, for the filter's choices. */
export async function auditActions(): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
