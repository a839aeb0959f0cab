import { LocalTime } from "@/components/ui/local-time";
import { ZonedDateTimeInput } from "@/components/admin/zoned-datetime-input";
import { RetentionNote } from "@/components/admin/retention-note";
import Link from "next/link";
import { inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import { requirePageUser } from "@/lib/auth";
import { auditActions, listAuditEvents } from "@/lib/data/audit";
import { AUDIT_PAGE_SIZE, ZAuditQuery } from "@/lib/schemas/audit";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** "before → after" of a change, compact. */
function change(before: string | null, after: string | null): string {
  const short = (s: string | null) => (s === null ? "" : s.length > 160 ? `${s.slice(0, 160)}…` : s);
  if (before && after) return `${short(before)} → ${short(after)}`;
  return short(after ?? before);
}

export default async function AuditPage({ searchParams }: Props) {
  await requirePageUser("admin", "/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const q = ZAuditQuery.parse(raw);
  const [{ rows, total }, actions] = await Promise.all([listAuditEvents(q, q.page, AUDIT_PAGE_SIZE), auditActions()]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const pageHref = (page: number) => {
    const params = new URLSearchParams();
    for (const k of ["action", "actor", "target", "from", "to"] as const) if (raw[k]) params.set(k, raw[k]!);
    params.set("page", String(page));
    return `/audit?${params}`;
  };
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every privileged change — pauses and resumes, rule firings, keys, users, failed sign-ins — with who, when and why. The log is
          append-only: nothing in Rollguard can change or delete an entry.
        </p>
      </div>
      <RetentionNote />
      <form
        method="get"
        action="/audit"
        aria-label="Filter audit log"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-6"
      >
        <div>
          <label htmlFor="audit-action" className={labelClass}>
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={q.action ?? ""} className={inputClass}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <label className={labelClass}>
          Actor
          <input name="actor" defaultValue={q.actor ?? ""} placeholder="email, key prefix, rule" className={inputClass} />
        </label>
        <label className={labelClass}>
          Target
          <input name="target" defaultValue={q.target ?? ""} placeholder="feature, key, email" className={inputClass} />
        </label>
        <ZonedDateTimeInput name="from" label="From" defaultUtc={raw.from ?? ""} className={inputClass} labelClassName={labelClass} />
        <ZonedDateTimeInput name="to" label="To" defaultUtc={raw.to ?? ""} className={inputClass} labelClassName={labelClass} />
        <div className="flex items-end gap-2">
          <button type="submit" className={primaryButton}>
            Filter
          </button>
          <Link href="/audit" className={secondaryButton}>
            Clear
          </Link>
        </div>
      </form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {total === 0
          ? "No matching events."
          : `${total} event${total === 1 ? "" : "s"} · page ${Math.min(q.page, pages)} of ${pages} · newest first`}
      </p>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="cards w-full text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {["Time", "Actor", "Action", "Target", "Reason", "Change"].map((h) => (
                <th key={h} scope="col" className={th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} className="border-t border-slate-100">
                <td className={`${td} whitespace-nowrap tabular-nums`}>
                  <LocalTime at={e.at} />
                </td>
                <td className={`${td} break-all`}>{e.actor}</td>
                <td className={`${td} whitespace-nowrap`}>
                  <code>{e.action}</code>
                </td>
                <td className={`${td} break-all`}>{e.target}</td>
                <td className={td}>{e.reason ?? "—"}</td>
                <td className={`${td} max-w-md break-all font-mono text-xs text-slate-700`}>{change(e.before, e.after) || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Audit log pages" className="flex items-center gap-3 text-sm">
          {q.page > 1 ? (
            <Link href={pageHref(q.page - 1)} className={secondaryButton}>
              ← Newer
            </Link>
          ) : (
            <span className="text-slate-500" aria-disabled="true">
              ← Newer
            </span>
          )}
          {q.page < pages ? (
            <Link href={pageHref(q.page + 1)} className={secondaryButton}>
              Older →
            </Link>
          ) : (
            <span className="text-slate-500" aria-disabled="true">
              Older →
            </span>
          )}
        </nav>
      )}
    </section>
  );
}
