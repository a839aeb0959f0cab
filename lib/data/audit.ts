import type { Tx } from "../db";

// The audit log is append-only: this module can add events and nothing can change them.

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
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
    },
  });
}
