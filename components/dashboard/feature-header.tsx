import { StateBadge } from "@/components/ui/state-badge";
import type { FeatureConfig } from "@/lib/data/features";
import type { LastStateChange } from "@/lib/read/state-history";
import { percent } from "@/lib/format/numbers";
import { LocalTime } from "../ui/local-time";

// The feature's identity and rollout state. The pause control (guardrails issue) goes into the
// region labelled "Pause control".

export function FeatureHeader({
  feature: f,
  pauseControl,
  lastChange,
  incidentHref,
}: {
  feature: FeatureConfig;
  pauseControl?: React.ReactNode;
  /** who paused it and when (the last pause in the audit log) */
  lastChange?: LastStateChange | null;
  /** the open incident this pause belongs to */
  incidentHref?: string | null;
}) {
  const pausedBy = lastChange?.action === "pause" ? lastChange : null;
  const phase = f.currentPhase;
  return (
    <header className={`rounded-lg border bg-white p-4 ${f.state === "paused" ? "border-2 border-amber-700" : "border-slate-200"}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold text-slate-900">{f.name}</h1>
            <StateBadge state={f.state} />
          </div>
          <p className="mt-0.5 text-sm text-slate-600">
            <code>{f.key}</code> · {f.stakes} stakes{f.description && ` · ${f.description}`}
          </p>
        </div>
        <div role="region" aria-label="Pause control" id="pause-control" className="flex min-h-9 items-center gap-2 empty:min-h-0">
          {pauseControl}
        </div>
      </div>
      {f.state === "paused" && (
        <p role="alert" className="mt-3 rounded border border-amber-700 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <strong>Paused</strong>
          {pausedBy && (
            <>
              {" "}
              {pausedBy.byRule ? "automatically by" : "by"} {pausedBy.actorName}, <LocalTime at={pausedBy.at} />
            </>
          )}
          : users get the fallback, not the AI answer.{f.stateReason && ` Reason: ${f.stateReason}`}
          {incidentHref && (
            <>
              {" "}
              <a href={incidentHref} className="font-medium text-sky-900 underline">
                Open the incident timeline →
              </a>
            </>
          )}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:flex sm:flex-wrap">
        <div>
          <dt className="text-xs text-slate-600">Phase</dt>
          <dd className="font-medium">{phase?.name ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Audience</dt>
          <dd className="font-medium">
            {phase ? `${phase.audiencePercent} %` : "—"}
            {phase && phase.segments.length > 0 && <span className="font-normal text-slate-600"> of {phase.segments.join(", ")}</span>}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Confidence threshold</dt>
          <dd className="font-medium">{phase ? `≥ ${phase.confidenceThreshold.toFixed(2)}` : "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Human review</dt>
          <dd className="font-medium">{phase ? percent(phase.reviewRate, 0) : "—"}</dd>
        </div>
      </dl>
    </header>
  );
}
