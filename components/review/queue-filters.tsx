import { secondaryButton } from "@/components/admin/form-styles";
import { QUEUE_REASONS } from "@/lib/domain/queue-priority";
import type { QueueFilter, QueueOrder } from "@/lib/schemas/review";

const field =
  "mt-1 block max-w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700";

/** Order and filters of the queue as a GET form: the URL is the state (shareable, resumable). */
export function QueueFilters({
  featureKey,
  order,
  filter,
  phases,
  segments,
  inputTypes,
}: {
  featureKey: string;
  order: QueueOrder;
  filter: QueueFilter;
  phases: { key: string; name: string; current: boolean }[];
  segments: string[];
  inputTypes: string[];
}) {
  const select = (name: keyof QueueFilter, label: string, options: { value: string; label: string }[]) => (
    <label className="min-w-0 max-w-full text-xs font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={filter[name] ?? ""} className={field}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      method="get"
      action="/review/queue"
      aria-label="Queue order and filters"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <input type="hidden" name="feature" value={featureKey} />
      <label className="min-w-0 max-w-full text-xs font-medium text-slate-700">
        Order
        <select name="order" defaultValue={order} className={field}>
          <option value="risk">What matters now (current phase, risk, recency)</option>
          <option value="oldest">Oldest first</option>
        </select>
      </label>
      {select(
        "phase",
        "Phase",
        phases.map((p) => ({ value: p.key, label: `${p.name}${p.current ? " (current)" : ""}` })),
      )}
      {select(
        "segment",
        "Segment",
        segments.map((s) => ({ value: s, label: s })),
      )}
      {select(
        "inputType",
        "Input type",
        inputTypes.map((s) => ({ value: s, label: s })),
      )}
      {select(
        "reason",
        "Reason",
        QUEUE_REASONS.map((r) => ({ value: r.key, label: r.label })),
      )}
      <button type="submit" className={secondaryButton}>
        Apply
      </button>
    </form>
  );
}
