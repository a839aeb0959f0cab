import Link from "next/link";

// Tabs between a feature's pages: the dashboard, its plan and graduation, its checklist.

const TABS = [
  { id: "dashboard", label: "Dashboard", href: (k: string) => `/features/${k}` },
  { id: "plan", label: "Plan & graduation", href: (k: string) => `/features/${k}/plan` },
  { id: "checklist", label: "Readiness checklist", href: (k: string) => `/features/${k}/checklist` },
] as const;

export function FeatureSubnav({
  featureKey,
  name,
  active,
  isAdmin,
}: {
  featureKey: string;
  name: string;
  active: string;
  isAdmin: boolean;
}) {
  const tabs = isAdmin ? [...TABS, { id: "edit", label: "Edit details", href: (k: string) => `/features/${k}/edit` }] : TABS;
  return (
    <div className="space-y-2">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-800 underline-offset-2 hover:underline">
          ← All features
        </Link>
        <span className="text-slate-500"> / </span>
        <Link href={`/features/${featureKey}`} className="text-sky-800 underline-offset-2 hover:underline">
          {name}
        </Link>
      </nav>
      <nav aria-label="Feature pages" className="flex flex-wrap gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={t.href(featureKey)}
            aria-current={t.id === active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.id === active ? "border-blue-700 font-semibold text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
