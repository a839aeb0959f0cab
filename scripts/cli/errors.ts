import { z } from "zod";

/** What the CLI prints for a failure: invalid flags one readable line each, not the validator's JSON. */
export function cliErrorMessage(e: unknown): string {
  if (e instanceof z.ZodError) return `invalid input\n${z.prettifyError(e)}`;
  return e instanceof Error ? e.message : String(e);
}
