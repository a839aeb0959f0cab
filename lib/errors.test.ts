import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { LockDeadlineError } from "./data/mutex";

// Next.js's bundles and the app server's own bundle each hold a copy of lib/; singletons on
// globalThis (the write lock, the database connections) throw the errors of whichever copy made
// them. A second copy of each module, loaded here under another URL, stands for the other bundle.

describe("errors are recognised across copies of their module", () => {
  it("AppError and LockDeadlineError from another copy are instances of this copy's classes", async () => {
    // a query makes the module runner load a second instance (the type is this copy's)
    const other = (await import("./errors?copy" as string)) as typeof import("./errors");
    const otherMutex = (await import("./data/mutex?copy" as string)) as typeof import("./data/mutex");
    expect(other.AppError).not.toBe(AppError);
    expect(new other.AppError("forbidden", 403, "no")).toBeInstanceOf(AppError);
    expect(new otherMutex.LockDeadlineError("wait", 10)).toBeInstanceOf(LockDeadlineError);
  });

  it("still tells other errors apart", () => {
    expect(new Error("x")).not.toBeInstanceOf(AppError);
    expect(new LockDeadlineError("hold", 5)).not.toBeInstanceOf(AppError);
    expect(new AppError("x", 400, "y")).not.toBeInstanceOf(LockDeadlineError);
    expect(null).not.toBeInstanceOf(AppError);
    expect({ code: "x", status: 400 }).not.toBeInstanceOf(AppError);
  });
});
