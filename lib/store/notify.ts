import { engine, type Tx } from "../db";

// Change notification, by engine. On PostgreSQL a NOTIFY sent inside the writing transaction is
// delivered to every listening instance when (and only if) the transaction commits; SQLite has no
// such signal (other processes find the change by polling the table).

/** Inside a write transaction: notify `channel` at commit (PostgreSQL; nothing on SQLite). */
export async function notifyAtCommit(tx: Tx, channel: string): Promise<void> {
  if (engine() === "postgres") await tx.$executeRawUnsafe(`SELECT pg_notify('${channel}', '')`);
}

/**
 * True when several instances may share the database (PostgreSQL): what one instance holds in
 * memory only, the others do not know.
 */
export const sharedByInstances = (): boolean => engine() === "postgres";
