const APP_ERROR = Symbol.for("rollguard.AppError");

/**
 * An error the client can act on: it becomes `{"error": {code, message, details}}` with its status.
 * `instanceof` recognises one from any copy of this module in the process (Next.js's bundles, and
 * the app server's own, share singletons on globalThis), by a brand rather than the class object.
 */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && APP_ERROR in value;
  }

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = (message = "An API key is required (Authorization: Bearer <key>)") =>
  new AppError("unauthorized", 401, message);
export const forbidden = (message: string) => new AppError("forbidden", 403, message);
export const notFound = (message: string) => new AppError("not_found", 404, message);
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(code, 400, message, details);
