import type { ActionError } from "@/lib/actions/guard";

/** An action's refusal, in words (never colour alone), announced to screen readers. */
export function ActionErrorMessage({ error }: { error: ActionError | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-orange-300 bg-orange-50 px-3 py-2 text-sm text-orange-900">
      <strong>Not done:</strong> {error.message}
    </p>
  );
}
