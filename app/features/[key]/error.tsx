"use client";

export default function FeatureError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="rounded-lg border border-amber-600 bg-amber-50 p-6 text-amber-950">
      <h1 className="text-xl font-semibold">This dashboard could not be loaded</h1>
      <p className="mt-2">
        The data could not be read{error.digest ? ` (reference ${error.digest})` : ""}. Your filters are kept in the address.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
      >
        Try again
      </button>
    </section>
  );
}
