import type { ReadinessItem } from "@/lib/domain/readiness";

export function ReadinessList({ items }: { items: ReadinessItem[] }) {
  const open = items.filter((i) => !i.done).length;
  return (
    <section aria-labelledby="readiness-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="readiness-heading" className="text-base font-semibold">
        Ready to ship?{" "}
        <span className={open === 0 ? "text-slate-900" : "text-orange-900"}>
          {open === 0 ? "✓ every item is done" : `${open} of ${items.length} items open`}
        </span>
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {items.map((i) => (
          <li key={i.id} className="flex gap-2">
            <span aria-hidden="true" className={i.done ? "text-slate-900" : "text-orange-800"}>
              {i.done ? "✓" : "✗"}
            </span>
            <span>
              <span className="font-medium">{i.label}</span> — <span className="sr-only">{i.done ? "done" : "open"}: </span>
              <span className="text-slate-700">{i.detail}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
