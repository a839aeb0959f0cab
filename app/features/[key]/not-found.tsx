import Link from "next/link";

export default function FeatureNotFound() {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">No such feature</h1>
      <p className="mt-2 text-slate-700">The feature key in the address does not exist (or was renamed).</p>
      <Link href="/" className="mt-4 inline-block text-sky-800 underline">
        Back to all features
      </Link>
    </section>
  );
}
