// What a model filter shows and what it cannot: said once, above the figures, so that nothing
// unfiltered passes for the model's own.

export function ModelScopeNote({ model }: { model: string }) {
  return (
    <p
      role="note"
      aria-label="What the model filter shows"
      className="rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950"
    >
      Showing model <strong className="break-all">{model}</strong> only: outputs that named it, their labels, thumbs and the tickets linked
      to them, per hour (the range’s first hour is counted whole). Not included: pre-counted accuracy samples and tickets not linked to an
      output (they name no model). Accuracy by input type cannot be filtered by model.
    </p>
  );
}
