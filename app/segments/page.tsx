import { NewSegmentForm, SegmentRowControls } from "@/components/plans/segment-forms";
import { requirePageUser } from "@/lib/auth";
import { listSegments } from "@/lib/data/segments";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const user = await requirePageUser("viewer", "/segments");
  const segments = await listSegments();
  const isAdmin = hasRole(user.role, "admin");
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Segments</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Named groups of users that a phase can be limited to, each with the written reason it forgives mistakes. Your product sends the
          segment key in the decision API&apos;s context (<code>segment</code>); a phase with allowed segments serves only those.
        </p>
      </div>
      {isAdmin && <NewSegmentForm />}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="cards w-full text-sm">
          <caption className="sr-only">Segments and why each forgives mistakes</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              {["Segment", "Why it forgives mistakes", "Used by phases", ...(isAdmin ? [""] : [])].map((h, i) => (
                <th key={i} scope="col" className="px-3 py-2 font-medium">
                  {h || <span className="sr-only">Actions</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {segments.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-2 text-slate-600">
                  No segments yet.
                </td>
              </tr>
            )}
            {segments.map((s) => (
              <tr key={s.key} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {s.name}
                  <div className="font-mono text-xs font-normal text-slate-500">{s.key}</div>
                </th>
                <td className="max-w-md px-3 py-2">{s.reason || <span className="text-slate-500">— no reason written</span>}</td>
                <td className="px-3 py-2">{s.usedBy.length === 0 ? <span className="text-slate-500">none</span> : s.usedBy.join(", ")}</td>
                {isAdmin && (
                  <td className="px-3 py-2">
                    <SegmentRowControls segment={s} inUse={s.usedBy.length > 0} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
