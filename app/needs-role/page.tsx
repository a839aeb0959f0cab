import Link from "next/link";
import { requirePageUser } from "@/lib/auth";
import { ROLES } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Needs another role" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where a page the signed-in user's role may not open sends them: which role it needs, and who grants it. */
export default async function NeedsRolePage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/");
  const q = await searchParams;
  const role = ROLES.find((r) => r === q.role) ?? "admin";
  const from = typeof q.from === "string" && q.from.startsWith("/") && !q.from.startsWith("//") ? q.from : null;
  return (
    <section className="mx-auto max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold text-slate-900">This page needs the {role} role</h1>
      <p className="text-sm text-slate-700">
        {from && (
          <>
            <code className="break-all">{from}</code> is for {role}s.{" "}
          </>
        )}
        You are signed in as {user.email} with the <strong>{user.role}</strong> role. An admin can change your role on the Users page.
      </p>
      <p className="text-sm">
        <Link href="/" className="text-sky-800 underline underline-offset-2">
          ← Back to the features
        </Link>
      </p>
    </section>
  );
}
