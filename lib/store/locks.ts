import { engine } from "../db";
import { withAdvisoryLock } from "./postgres/pg-sql";

// Work that one instance at a time may do, among every instance on the database (the alert
// evaluation of a feature, the retention purge). On PostgreSQL a named advisory lock, shared by
// every instance; on SQLite the database belongs to one server process, so there is nothing to
// take beyond that process's own locks.

/** Runs fn while no other instance runs work under the same `name`; resolves with fn's result. */
export function oneInstanceAtATime<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return engine() === "postgres" ? withAdvisoryLock(name, fn) : fn();
}
