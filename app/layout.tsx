import type { Metadata } from "next";
import Link from "next/link";
import { sessionUser } from "@/lib/auth";
import { unresolvedAlertCount } from "@/lib/read/alert-list";
import { isDemoDatabase } from "@/lib/data/settings";
import { hasRole } from "@/lib/domain/roles";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CardTableLabels } from "@/components/ui/card-table-labels";
import { CompactMenu } from "@/components/nav/compact-menu";
import { LiveRefresh } from "@/components/live/live-refresh";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollguard", template: "%s · Rollguard" },
  description: "Roll out AI features without crashing user trust.",
};

export const dynamic = "force-dynamic";

const ADMIN_LINKS = [
  { href: "/features/new", label: "New feature" },
  { href: "/admin/keys", label: "API keys" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/channels", label: "Channels" },
  { href: "/audit", label: "Audit log" },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [user, demo] = await Promise.all([sessionUser(), isDemoDatabase()]);
  const alertCount = user ? await unresolvedAlertCount() : 0;
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {demo && (
          <div role="note" className="bg-amber-100 px-4 py-1 text-center text-xs text-amber-950 sm:text-sm">
            Demo data — generated stories and demo-only accounts. Start with <code>ROLLGUARD_DEMO=0</code> on a new database for real use.
          </div>
        )}
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:gap-x-6" aria-label="Main">
            <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
              Rollguard
            </Link>
            {user && (
              // on a phone the name on the left leads to the features: one line for the bar
              <Link href="/" className="text-sm text-slate-600 hover:text-slate-900 max-sm:hidden">
                Features
              </Link>
            )}
            {user && (
              <Link href="/review" className="text-sm text-slate-600 hover:text-slate-900">
                Review
              </Link>
            )}
            {user && (
              <Link href="/alerts" className="inline-flex items-center gap-1.5 text-sm text-slate-600 hover:text-slate-900">
                Alerts
                {alertCount > 0 && (
                  <span className="rounded-full border border-orange-800 bg-orange-100 px-1.5 text-xs font-semibold text-orange-950">
                    {alertCount}
                    <span className="sr-only"> not resolved</span>
                  </span>
                )}
              </Link>
            )}
            {user && (
              <CompactMenu>
                <Link href="/segments" className="text-sm text-slate-600 hover:text-slate-900">
                  Segments
                </Link>
                {/* Shown to admins only; the pages and their actions check the role themselves. */}
                {hasRole(user.role, "admin") &&
                  ADMIN_LINKS.map((l) => (
                    <Link key={l.href} href={l.href} className="text-sm text-slate-600 hover:text-slate-900">
                      {l.label}
                    </Link>
                  ))}
                <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600 sm:ml-auto">
                  <span className="break-all">
                    {user.email} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{user.role}</span>
                  </span>
                  <SignOutButton />
                </div>
              </CompactMenu>
            )}
          </nav>
        </header>
        {user && <LiveRefresh />}
        <CardTableLabels />
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
