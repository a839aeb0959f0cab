import { FoldingText } from "./folding-text";

// An output's input and output side by side, long texts folded, never rendered as HTML.

export function InputOutput({ input, output }: { input: string | null; output: string | null }) {
  return (
    <div className="mt-3 grid gap-3 md:grid-cols-2">
      {(
        [
          ["Input", input],
          ["Output", output],
        ] as const
      ).map(([label, text]) => (
        <section key={label} aria-label={label} className="rounded border border-slate-200 bg-slate-50 p-3">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</h3>
          <FoldingText text={text} label={label} />
        </section>
      ))}
    </div>
  );
}
