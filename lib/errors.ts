/** An error the client can act on: it becomes `{"error": {code, message, details}}` with its status. */
export class AppError extends Error {
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
