"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { primaryButton } from "@/components/admin/form-styles";
import { createApiKeyAction } from "@/lib/actions/api-keys";
import type { ActionError } from "@/lib/actions/guard";
import { FALSE_DETAILS, integrationSnippets } from "@/lib/domain/integration-snippets";
import { LOW_CONFIDENCE_NAMES, type LowConfidenceMode } from "@/lib/domain/plan";

// A feature that has never received an event shows how to integrate it instead of empty charts:
// curl and TypeScript for ingest and for the decision API (OFREP), with the feature's key and the
// real URLs filled in. An admin can create a key for this feature (ingest + evaluate), shown once
// and put into the snippets. The page re-renders every few seconds while this panel is up, so the
// dashboard replaces it as soon as the first event is stored.

const REFRESH_MS = 4000;

function CodeBlock({ title, code }: { title: string; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <figure className="min-w-0">
      <figcaption className="flex items-center justify-between gap-2 text-sm font-medium text-slate-700">
        {title}
        <button
          type="button"
          className="rounded px-2 py-0.5 text-xs text-sky-800 underline underline-offset-2 hover:bg-sky-50"
          aria-label={`Copy: ${title}`}
          onClick={() => {
            void navigator.clipboard?.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </figcaption>
      <pre className="mt-1 max-w-full overflow-x-auto rounded bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </figure>
  );
}

export function IntegratePanel({
  featureKey,
  featureName,
  appOrigin,
  decisionBaseUrl,
  canCreateKey,
  phase,
  example,
}: {
  featureKey: string;
  featureName: string;
  appOrigin: string;
  decisionBaseUrl: string;
  canCreateKey: boolean;
  /** who the current phase serves; null: no phase yet */
  phase: { name: string; audiencePercent: number; segments: string[]; inputTypes: string[]; lowConfidence: LowConfidenceMode } | null;
  /** a context inside that audience (lib/domain/example-context.ts); null: it serves nobody */
  example: { targetingKey: string; segment?: string; inputType?: string } | null;
}) {
  const id = useId();
  const router = useRouter();
  const [key, setKey] = useState<{ value: string; prefix: string } | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [creating, startCreating] = useTransition();

  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);

  const s = integrationSnippets({
    featureKey,
    appOrigin,
    decisionBaseUrl,
    apiKey: key?.value ?? null,
    example,
    lowConfidence: phase?.lowConfidence,
  });

  function createKey() {
    setError(null);
    startCreating(async () => {
      const r = await createApiKeyAction({ name: `${featureKey} integration`, scopes: ["ingest", "evaluate"], feature: featureKey });
      if (!r.ok) return setError(r.error);
      setKey({ value: r.data.key, prefix: r.data.prefix });
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-5 rounded-lg border border-sky-200 bg-white p-4">
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          Integrate {featureName}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          No events yet, so there is nothing to chart. Two calls connect your product: ask Rollguard before showing an AI answer, and report
          each answer (then its label or thumbs). This panel gives way to the dashboard as soon as the first event arrives.
        </p>
      </div>

      <div className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
        <h3 className="font-semibold text-slate-900">1. A key for {featureName}</h3>
        {key ? (
          <div className="mt-2 flex flex-col gap-1" role="status">
            <p className="text-slate-800">
              Key created (scopes ingest and evaluate, only this feature). Copy it now: it is not shown again. The snippets below use it.
            </p>
            <code aria-label="The new key" className="block max-w-full overflow-x-auto rounded bg-white px-2 py-1 font-mono text-slate-900">
              {key.value}
            </code>
          </div>
        ) : canCreateKey ? (
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <button type="button" className={primaryButton} onClick={createKey} disabled={creating}>
              {creating ? "Creating…" : `Create a key for ${featureName}`}
            </button>
            <span className="text-slate-600">Scopes ingest and evaluate, limited to this feature; shown once.</span>
          </div>
        ) : (
          <p className="mt-1 text-slate-700">
            Ask an admin for an API key with the scopes <code>ingest</code> and <code>evaluate</code> for this feature; the snippets read it
            from <code>ROLLGUARD_KEY</code>.
          </p>
        )}
        <ActionErrorMessage error={error} />
      </div>

      <div className="flex min-w-0 flex-col gap-3">
        <h3 className="text-sm font-semibold text-slate-900">2. Ask before showing an AI answer (decision API, OpenFeature OFREP)</h3>
        <p className="text-sm text-slate-600">
          Point the OFREP provider at the decision listener, <code className="break-all">{decisionBaseUrl}</code>. A paused feature answers{" "}
          <code>false</code> within a second.
        </p>
        <div className="rounded border border-sky-200 bg-sky-50 p-3 text-sm text-slate-800" data-testid="integrate-audience">
          {phase ? (
            <>
              <p>
                <strong>Who gets the AI answer now:</strong> phase {phase.name} serves {phase.audiencePercent} % of{" "}
                {phase.segments.length ? `the segment${phase.segments.length > 1 ? "s" : ""} ${phase.segments.join(", ")}` : "everyone"}
                {phase.inputTypes.length
                  ? `, for the input type${phase.inputTypes.length > 1 ? "s" : ""} ${phase.inputTypes.join(", ")}`
                  : ""}
                . Everyone else gets <code>false</code> and your fallback — that is the rollout working, not an error.
              </p>
              <p className="mt-1">
                {example ? (
                  <>
                    The curl below asks for <code>{example.targetingKey}</code>
                    {example.segment && (
                      <>
                        {" "}
                        in <code>{example.segment}</code>
                      </>
                    )}
                    , a user inside this audience, so it answers <code>value: true</code>.
                  </>
                ) : (
                  <>
                    This phase serves 0 %: every call answers <code>false</code> until its audience grows.
                  </>
                )}{" "}
                Below the confidence threshold the plan says: {LOW_CONFIDENCE_NAMES[phase.lowConfidence]} — the TypeScript does that.
              </p>
            </>
          ) : (
            <p>
              The feature has no rollout phase yet: every call answers <code>false</code> until it has a plan.
            </p>
          )}
        </div>
        <CodeBlock title="TypeScript (OpenFeature server SDK)" code={s.decisionTs} />
        <CodeBlock title="curl — decision" code={s.decisionCurl} />
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-slate-900">
            What <code>false</code> means: <code>metadata.detail</code>
          </summary>
          <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
            {FALSE_DETAILS.map((d) => (
              <div key={d.detail} className="contents">
                <dt>
                  <code>{d.detail}</code>
                </dt>
                <dd className="mb-1 text-slate-600 sm:mb-0">{d.means}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>

      <div className="flex min-w-0 flex-col gap-3">
        <h3 className="text-sm font-semibold text-slate-900">3. Report what happened (ingest)</h3>
        <p className="text-sm text-slate-600">
          <code className="break-all">POST {appOrigin}/api/v1/events</code>, up to 1000 events per call: outputs with their confidence,
          labels, thumbs, tickets.
        </p>
        <CodeBlock title="TypeScript (fetch)" code={s.ingestTs} />
        <CodeBlock title="curl — ingest" code={s.ingestCurl} />
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-slate-900">Already on OpenTelemetry? Send traces instead</summary>
          <p className="my-2 text-slate-600">
            Point an OTLP exporter at <code className="break-all">{appOrigin}/v1/traces</code> (protobuf or JSON) with the key as{" "}
            <code>Authorization: Bearer</code>. Each generation span becomes an output; add <code>rollguard.confidence</code> and your
            user&apos;s id as <code>rollguard.unit</code>.
          </p>
          <CodeBlock title="TypeScript (OpenTelemetry + Vercel AI SDK)" code={s.otlpTs} />
        </details>
      </div>
    </section>
  );
}
