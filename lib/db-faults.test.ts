import { describe, expect, it } from "vitest";
import { faultError, faultKind } from "./db-faults";

// PostgreSQL's faults, as pg and Prisma's adapter throw them, are database faults (503 with
// Retry-After), and its ordinary refusals are not.

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("faultKind on PostgreSQL errors", () => {
  it.each([
    ["connection refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["refused on every address (Node's AggregateError, no message)", Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" })],
    ["admin shutdown (pg_ctl -m fast stop)", pgError("57P01", "terminating connection due to administrator command")],
    ["crash shutdown", pgError("57P02", "terminating connection because of crash of another server process")],
    ["cannot connect now", pgError("57P03", "the database system is shutting down")],
    ["read-only after a failover", pgError("25006", "cannot execute INSERT in a read-only transaction")],
    ["connection dropped", new Error("Connection terminated unexpectedly")],
    ["pool connect deadline", new Error("timeout exceeded when trying to connect")],
    ["client query deadline", new Error("Query read timeout")],
    ["statement_timeout", pgError("57014", "canceling statement due to statement timeout")],
    ["too many connections", pgError("53300", "sorry, too many clients already")],
    ["wrapped by Prisma's adapter", Object.assign(new Error("DriverAdapterError"), { cause: pgError("57P01", "terminating connection") })],
  ])("%s → database_unavailable", (_, e) => {
    expect(faultKind(e)).toBe("database_unavailable");
  });

  it.each([
    ["a unique violation", pgError("23505", 'duplicate key value violates unique constraint "Output_pkey"')],
    ["a check violation", pgError("23514", "new row violates check constraint")],
    ["a plain bug", new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])("%s → not a database fault", (_, e) => {
    expect(faultKind(e)).toBeNull();
  });

  it("answers 503 database_unavailable with Retry-After", () => {
    const e = faultError("database_unavailable");
    expect(e.status).toBe(503);
    expect(e.headers).toMatchObject({ "retry-after": "5" });
  });
});
