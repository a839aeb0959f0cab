import Link from "next/link";
import { secondaryButton } from "@/components/admin/form-styles";
import { shiftRange, type ReviewRange } from "@/lib/domain/review-range";

const field =
  "mt-1 block rounded border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700";

/** Feature and days (UTC), as a plain GET form: the URL is the state, shareable and resumable. */
export function ReviewPicker({
  features,
  featureKey,
  range,
  action,
}: {
  features: { key: string; name: string }[];
  featureKey: string;
  range?: ReviewRange;
  action: string;
}) {
  const link = (r: { from: string; to: string }) => `${action}?feature=${encodeURIComponent(featureKey)}&from=${r.from}&to=${r.to}`;
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <label className="text-xs font-medium text-slate-700">
        Feature
        <select name="feature" defaultValue={featureKey} className={field}>
          {features.map((f) => (
            <option key={f.key} value={f.key}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      {range && (
        <>
          <label className="text-xs font-medium text-slate-700">
            From (UTC day)
            <input type="date" name="from" defaultValue={range.fromDay} className={field} />
          </label>
          <label className="text-xs font-medium text-slate-700">
            To (UTC day, included)
            <input type="date" name="to" defaultValue={range.toDay} className={field} />
          </label>
        </>
      )}
      <button type="submit" className={secondaryButton}>
        Show
      </button>
      {range && (
        <div className="flex gap-3 pb-1.5 text-sm">
          <Link className="text-sky-800 underline underline-offset-2" href={link(shiftRange(range, -1))}>
            ← Previous {Math.round((range.to - range.from) / 86_400_000)} days
          </Link>
          <Link className="text-sky-800 underline underline-offset-2" href={link(shiftRange(range, 1))}>
            Next {Math.round((range.to - range.from) / 86_400_000)} days →
          </Link>
        </div>
      )}
    </form>
  );
}
