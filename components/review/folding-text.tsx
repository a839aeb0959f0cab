// Untrusted text from the product (inputs, outputs, comments): rendered as React text, never as
// HTML. Long texts show their start and fold the rest behind a native <details> toggle.

const FOLD_AT = 280;

export function FoldingText({ text, label }: { text: string | null; label: string }) {
  if (!text) return <p className="text-sm text-slate-500">No {label.toLowerCase()} stored.</p>;
  const body = "whitespace-pre-wrap break-words font-mono text-[13px] leading-relaxed text-slate-900";
  if (text.length <= FOLD_AT && text.split("\n").length <= 6) return <p className={body}>{text}</p>;
  return (
    <details className="group">
      <summary className="cursor-pointer list-none">
        <span className={`${body} block group-open:hidden`}>{text.slice(0, FOLD_AT).trimEnd()}…</span>
        <span className="mt-1 inline-block text-xs font-medium text-sky-800 underline underline-offset-2">
          <span className="group-open:hidden">
            Show all {label.toLowerCase()} ({text.length.toLocaleString("en-US")} characters)
          </span>
          <span className="hidden group-open:inline">Fold {label.toLowerCase()}</span>
        </span>
      </summary>
      <p className={`${body} mt-1`}>{text}</p>
    </details>
  );
}
