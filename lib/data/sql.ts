import { Prisma } from "../db";

/** A double-quoted SQL identifier (standard SQL: SQLite and PostgreSQL alike). */
export const ident = (name: string) => Prisma.raw(`"${name.replace(/"/g, '""')}"`);
