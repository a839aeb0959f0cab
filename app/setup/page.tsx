import { redirect } from "next/navigation";
import { userCount } from "@/lib/data/users";
import { createFirstAdmin } from "../../lib/actions/first-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if ((await userCount()) > 0) redirect("/signin");
  const { error } = await searchParams;
  return (
    <div className="mx-auto mt-12 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Create the first admin</h1>
      <p className="mb-6 text-sm text-slate-600">Rollguard has no users yet. The first account is an admin who can invite the rest.</p>
      <form action={createFirstAdmin} className="space-y-4">
        <label className="block text-sm font-medium text-slate-700">
          Email
          <input name="email" type="email" required className="mt-1 block w-full rounded border border-slate-300 px-3 py-2" />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Name
          <input name="name" className="mt-1 block w-full rounded border border-slate-300 px-3 py-2" />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Password (at least 12 characters)
          <input
            name="password"
            type="password"
            minLength={12}
            required
            autoComplete="new-password"
            className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-orange-800">
            {error}
          </p>
        )}
        <button type="submit" className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Create admin
        </button>
      </form>
    </div>
  );
}
