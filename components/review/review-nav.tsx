import Link from "next/link";

const TABS = [
  { href: "/review", label: "Worst outputs" },
  { href: "/review/patterns", label: "Patterns" },
  { href: "/review/queue", label: "Human review queue" },
  { href: "/review/judge", label: "Judge agreement" },
  { href: "/review/digest", label: "Weekly digest" },
] as const;

/** The review section's tabs; the feature stays selected across them. */
export function ReviewNav({ current, featureKey }: { current: (typeof TABS)[number]["href"]; featureKey?: string }) {
  const q = featureKey ? `?feature=${encodeURIComponent(featureKey)}` : "";
  return (
    <nav aria-label="Review" className="flex flex-wrap gap-1 border-b border-slate-200">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href + q}
          aria-current={t.href === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.href === current ? "border-slate-900 font-semibold text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
