import { redirect } from "next/navigation";
import { oauthProviderIds } from "@/lib/auth/auth-options";
import { sessionUser } from "@/lib/auth";
import { isDemoDatabase } from "@/lib/data/settings";
import { userCount } from "@/lib/data/users";
import { SignInForm } from "@/components/auth/sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl = "/" } = await searchParams;
  if (await sessionUser()) redirect(callbackUrl.startsWith("/") ? callbackUrl : "/");
  if ((await userCount()) === 0) redirect("/setup");
  const demo = await isDemoDatabase();
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Rollguard</h1>
      <p className="mb-6 text-sm text-slate-600">Watch AI rollouts, and stop them when trust is at stake.</p>
      <SignInForm callbackUrl={callbackUrl} providers={oauthProviderIds()} />
      {demo && (
        <div className="mt-6 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">Demo accounts (demo data only)</p>
          <p>
            viewer@example.com, operator@example.com, admin@example.com — password <code>rollguard-demo</code>
          </p>
        </div>
      )}
    </div>
  );
}
