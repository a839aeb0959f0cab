"use client";

import { AccuracyChart } from "@/components/charts/accuracy-chart";
import { ConcentrationChart } from "@/components/charts/concentration-chart";
import { ConfidenceHistogram } from "@/components/charts/confidence-histogram";
import { OverconfidenceChart } from "@/components/charts/overconfidence-chart";
import { PhaseCompareChart, type PhaseLine } from "@/components/charts/phase-compare-chart";
import { PRESENTATION_SERIES, PresentationChart } from "@/components/charts/presentation-chart";
import { ReliabilityDiagram } from "@/components/charts/reliability-diagram";
import { LatencyChart } from "@/components/charts/latency-chart";
import { CostChart } from "@/components/charts/cost-chart";
import { ThumbsDownChart } from "@/components/charts/thumbs-down-chart";
import { TicketsChart } from "@/components/charts/tickets-chart";
import { ChartCard } from "@/components/ui/chart-card";
import { DataTable } from "@/components/ui/data-table";
import type { MetricsView, PhaseAccuracySeries } from "@/lib/read/dashboard";
import { alertAreas, type AlertPeriodInput } from "@/lib/domain/alert-areas";
import { changeMarks, type FeatureChange } from "@/lib/domain/feature-changes";
import type { Interval } from "@/lib/domain/buckets";
import { errorConcentration, largestOverconfidence, lowestAccuracy, ticketTotals } from "@/lib/domain/chart-findings";
import {
  accuracyRows,
  axisFloor,
  calibrationRows,
  confidenceRows,
  histogramRows,
  MIN_SAMPLE,
  phaseRows,
  presentationOf,
  presentationRows,
  sliceRows,
  thumbsRows,
  ticketRows,
} from "@/lib/domain/chart-rows";
import { estimateAtRows, estimateText, figureText, methodText, sourcesText } from "@/lib/format/accuracy-method";
import { latencyRows, slowestInterval } from "@/lib/domain/latency";
import { costByModel, costRows } from "@/lib/domain/cost";
import { count, millis, money, percent } from "@/lib/format/numbers";
import { points as pointsText, rateText } from "@/lib/format/rate";
import { poolingText } from "@/lib/format/duration";
import { formatPeriod } from "@/lib/format/time";
import { labelsOf, pooledFor, ratingsOf, type Pooling } from "@/lib/domain/chart-pooling";

// Each chart in its card, with its finding in words and its data table. Rows and findings come
// from lib/domain; the chart components only draw.

interface Ctx {
  m: MetricsView;
  interval: Interval;
  tz: string;
  floor: { value: number; label: string } | null;
  threshold: number | null;
  /** the feature's alerts overlapping the range, drawn on the accuracy chart */
  alerts?: AlertPeriodInput[];
  /** the feature's changes (pauses, phase moves, plan and rule edits), marked on the accuracy chart */
  changes?: FeatureChange[];
}

const noLabels = "No labelled outputs in this range yet. Accuracy needs labels: send label or accuracy events.";

/** "Each point pools 6 hours (…)" when the chart pools intervals; nothing when it does not. */
function PoolingNote({ pooling, what }: { pooling: Pooling; what: string }) {
  if (pooling.factor === 1) return null;
  return (
    <>
      {" "}
      Each point pools {poolingText(pooling.minutes)} so that a typical point carries at least {MIN_SAMPLE} {what}.
    </>
  );
}

export function AccuracySection({ m, interval, tz, floor, alerts = [], changes = [] }: Ctx) {
  const { pooling, points } = pooledFor(m.points, interval, labelsOf, MIN_SAMPLE, m.pointCorrection);
  const period = (start: number) => formatPeriod(start, interval, tz, pooling.minutes);
  const rows = accuracyRows(points);
  const areas = alertAreas(
    alerts,
    rows.map((r) => r.start),
    interval,
    pooling.minutes,
  );
  const marks = changeMarks(
    changes,
    rows.map((r) => r.start),
    interval,
    pooling.minutes,
  );
  const low = lowestAccuracy(points);
  const t = m.totals.accuracy;
  const method = methodText(t);
  const sources = sourcesText(m.totals.accuracyBySource);
  const estimate = estimateAtRows(
    rows.map((r) => r.start),
    m.points,
    pooling.minutes,
  );
  return (
    <ChartCard
      title="Production accuracy"
      empty={t.n === 0 ? noLabels : null}
      finding={
        t.n > 0 && (
          <>
            Over the range: <strong>{figureText(t)}</strong>.{" "}
            {method && (
              <span className="block" data-testid="accuracy-method">
                {method}
              </span>
            )}
            {sources && (
              <span className="block" data-testid="accuracy-sources">
                By source: {sources}.
              </span>
            )}
            <span className="block">{estimateText(m.totals.estimatedAccuracy)}</span>
            {low ? (
              <>
                Lowest: <strong>{rateText(low.accuracy)}</strong> on {period(low.start)}.
              </>
            ) : (
              `No point has ${MIN_SAMPLE} labels yet: every point is uncertain.`
            )}
            <PoolingNote pooling={pooling} what="labels" />
          </>
        )
      }
    >
      <AccuracyChart
        rows={rows}
        estimate={estimate}
        interval={interval}
        yMin={axisFloor([...rows.map((r) => r.solidBand?.[0] ?? r.sparse), ...estimate, floor?.value], 0.5)}
        floor={floor}
        minSample={MIN_SAMPLE}
        timeZone={tz}
        alerts={areas}
        marks={marks}
        periodMinutes={pooling.minutes}
      />
      <DataTable
        caption="Accuracy per interval"
        rows={rows.filter((r) => r.n > 0)}
        columns={[
          { header: "Period", cell: (r) => period(r.start) },
          { header: "Accuracy", cell: (r) => percent(r.value), numeric: true },
          { header: "95 % interval", cell: (r) => (r.band ? `${percent(r.band[0])}–${percent(r.band[1])}` : "—"), numeric: true },
          { header: "Labels", cell: (r) => count(r.n), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function PhaseCompareSection({
  series,
  phases,
  interval,
  tz,
  floor,
}: { series: PhaseAccuracySeries; phases: PhaseLine[] } & Omit<Ctx, "m" | "threshold">) {
  const rows = phaseRows(series);
  const lines = phases.filter((p) => series.some((s) => s.phase === p.key));
  const values = rows.flatMap((r) => lines.map((p) => r[p.key] ?? r[`${p.key}:sparse`]));
  return (
    <ChartCard
      title="Accuracy by phase"
      empty={lines.length === 0 ? noLabels : null}
      finding={
        lines.length === 1
          ? `Only ${lines[0].name} has labelled outputs in this range: nothing to compare yet.`
          : `${lines.length} phases overlaid.`
      }
    >
      <PhaseCompareChart
        rows={rows}
        phases={lines}
        interval={interval}
        yMin={axisFloor([...values, floor?.value], 0.5)}
        floor={floor}
        minSample={MIN_SAMPLE}
        timeZone={tz}
      />
      <DataTable
        caption="Accuracy per phase and interval"
        rows={series.flatMap((s) =>
          s.points.filter((p) => p.accuracy.n > 0).map((p) => ({ phase: lines.find((l) => l.key === s.phase)?.name ?? s.phase, ...p })),
        )}
        columns={[
          { header: "Phase", cell: (r) => r.phase },
          { header: "Period", cell: (r) => formatPeriod(r.start, interval, tz) },
          { header: "Accuracy", cell: (r) => rateText(r.accuracy), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function OverconfidenceSection({ m, interval, tz }: Ctx) {
  const { pooling, points } = pooledFor(m.points, interval, labelsOf, MIN_SAMPLE, m.pointCorrection);
  const period = (start: number) => formatPeriod(start, interval, tz, pooling.minutes);
  const rows = confidenceRows(points);
  const gap = largestOverconfidence(points);
  const t = m.totals;
  const drawn = rows.some((r) => r.accuracy !== null);
  return (
    <ChartCard
      title="Confidence vs accuracy"
      empty={
        t.accuracy.n === 0
          ? noLabels
          : drawn
            ? null
            : `Mean confidence ${percent(t.meanLabelledConfidence)} vs accuracy ${percent(t.accuracy.value)} over the range (${pointsText(t.overconfidence)}, n=${count(t.accuracy.n)}). No point in time has ${MIN_SAMPLE} labels yet to draw the two lines; a longer range pools more.`
      }
      finding={
        t.accuracy.n > 0 && (
          <>
            Mean confidence {percent(t.meanLabelledConfidence)} vs accuracy {percent(t.accuracy.value)} over the range (
            {pointsText(t.overconfidence)}).{" "}
            {gap && gap.gap > 0 && (
              <>
                Largest gap on {period(gap.start)}: confidence <strong>{percent(gap.confidence)}</strong> vs accuracy{" "}
                <strong>{percent(gap.accuracy.value)}</strong> — <strong>{pointsText(gap.gap)}</strong> overconfident.
              </>
            )}
            <PoolingNote pooling={pooling} what="labels" />
          </>
        )
      }
    >
      <OverconfidenceChart
        rows={rows}
        interval={interval}
        yMin={axisFloor(
          rows.flatMap((r) => [r.accuracy, r.confidence]),
          0.5,
        )}
        timeZone={tz}
        periodMinutes={pooling.minutes}
      />
      <DataTable
        caption="Mean confidence and accuracy per interval"
        rows={rows.filter((r) => r.accuracy !== null)}
        columns={[
          { header: "Period", cell: (r) => period(r.start) },
          { header: "Mean confidence", cell: (r) => percent(r.confidence), numeric: true },
          { header: "Accuracy", cell: (r) => percent(r.accuracy), numeric: true },
          { header: "Gap", cell: (r) => pointsText((r.confidence ?? 0) - (r.accuracy ?? 0)), numeric: true },
          { header: "Labels", cell: (r) => count(r.n), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function ThumbsSection({ m, interval, tz }: Ctx) {
  const { pooling, points } = pooledFor(m.points, interval, ratingsOf);
  const period = (start: number) => formatPeriod(start, interval, tz, pooling.minutes);
  const rows = thumbsRows(points);
  const t = m.totals.thumbsDownRate;
  const yMax = Math.min(1, Math.ceil(Math.max(0.1, ...rows.map((r) => r.solidBand?.[1] ?? r.sparse ?? 0)) * 10) / 10);
  return (
    <ChartCard
      title="Thumbs down"
      empty={t.n === 0 ? "No thumbs up or down in this range." : null}
      finding={
        t.n > 0 && (
          <>
            Thumbs-down rate over the range: <strong>{rateText(t)}</strong>.
            <PoolingNote pooling={pooling} what="ratings" />
          </>
        )
      }
    >
      <ThumbsDownChart rows={rows} interval={interval} yMax={yMax} minSample={MIN_SAMPLE} timeZone={tz} periodMinutes={pooling.minutes} />
      <DataTable
        caption="Thumbs down per interval"
        rows={rows.filter((r) => r.volume > 0)}
        columns={[
          { header: "Period", cell: (r) => period(r.start) },
          { header: "Thumbs down", cell: (r) => percent(r.value), numeric: true },
          { header: "Down", cell: (r) => count(r.thumbsDown), numeric: true },
          { header: "Ratings", cell: (r) => count(r.volume), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function TicketsSection({ m, interval, tz }: Ctx) {
  const rows = ticketRows(m.points);
  const t = ticketTotals(m.points);
  return (
    <ChartCard
      title="Support-ticket mentions"
      empty={t.tickets === 0 ? "No support tickets mention this feature in this range." : null}
      finding={
        t.tickets > 0 && (
          <>
            {count(t.tickets)} ticket mentions, <strong>{count(t.critical)} critical</strong>.
            {t.peak && ` Most critical: ${count(t.peak.critical)} on ${formatPeriod(t.peak.start, interval, tz)}.`}
          </>
        )
      }
    >
      <TicketsChart rows={rows} interval={interval} timeZone={tz} />
      <DataTable
        caption="Ticket mentions per interval"
        rows={rows.filter((r) => r.total > 0)}
        columns={[
          { header: "Period", cell: (r) => formatPeriod(r.start, interval, tz) },
          { header: "Critical", cell: (r) => count(r.critical), numeric: true },
          { header: "Other", cell: (r) => count(r.other), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

/** p50/p95 latency per interval (issue 27), of the phase and segment the filters choose (cost has its own card beside it). */
export function LatencySection({ m, interval, tz }: Ctx) {
  const rows = latencyRows(m.points);
  const slowest = slowestInterval(rows);
  const { latency, tokens } = m;
  return (
    <ChartCard
      title="Latency"
      empty={
        latency.n === 0 ? "No output in this range reported a duration: send durationMs with outputs, or export OpenTelemetry spans." : null
      }
      finding={
        latency.n > 0 && (
          <>
            Median <strong>{millis(latency.p50Ms)}</strong>, p95{" "}
            <strong>
              {latency.p95Above ? "over " : ""}
              {millis(latency.p95Ms)}
            </strong>{" "}
            over {count(latency.n)} timed outputs.
            {slowest && ` Slowest p95: ${millis(slowest.p95)} on ${formatPeriod(slowest.start, interval, tz)}.`}
            {tokens.n > 0 && ` Tokens: ${count(tokens.input)} in, ${count(tokens.output)} out (${count(tokens.n)} outputs).`}
          </>
        )
      }
    >
      <LatencyChart rows={rows} interval={interval} timeZone={tz} />
      <DataTable
        caption="Latency per interval"
        rows={rows.filter((r) => r.n > 0)}
        columns={[
          { header: "Period", cell: (r) => formatPeriod(r.start, interval, tz) },
          { header: "p50", cell: (r) => millis(r.p50), numeric: true },
          { header: "p95", cell: (r) => millis(r.p95), numeric: true },
          { header: "Timed outputs", cell: (r) => count(r.n), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

/**
 * Cost per priced output per hour (per day with the day interval) of the phase and segment the
 * filters choose (issue 27): tokens × ROLLGUARD_MODEL_PRICES from the hourly model rollup, overall
 * and per model version, so a dearer new version shows as its own line.
 */
export function CostSection({ m, interval, tz }: Ctx) {
  const s = m.costSeries;
  const { rows, lines } = costRows(s);
  const byModel = costByModel(s);
  const dearest = byModel[0];
  const cheapest = byModel.at(-1);
  const unpriced = s.unpricedModels.length > 0 ? ` No price for ${s.unpricedModels.join(", ")}: left out.` : "";
  const empty =
    s.currency === null
      ? "No price table: start Rollguard with ROLLGUARD_MODEL_PRICES (per model version, the price of a million input and output tokens) to see cost per output."
      : m.cost.n === 0
        ? `No output of a priced model reported token usage in this range: send inputTokens and outputTokens with outputs.${unpriced}`
        : null;
  return (
    <ChartCard
      title="Cost per output"
      empty={empty}
      finding={
        !empty &&
        s.currency && (
          <>
            <strong>{money(m.cost.perOutput, s.currency)}</strong> per output over {count(m.cost.n)} priced outputs.
            {dearest && cheapest && dearest.model !== cheapest.model && (
              <>
                {" "}
                Dearest: {dearest.model} at <strong>{money(dearest.perOutput, s.currency)}</strong>
                {cheapest.perOutput > 0
                  ? `, ${(dearest.perOutput / cheapest.perOutput).toFixed(1)}× ${cheapest.model} (${money(cheapest.perOutput, s.currency)}).`
                  : "."}
              </>
            )}
            {s.interval !== interval && " Each point is an hour: token sums are kept per hour."}
            {unpriced}
          </>
        )
      }
    >
      {s.currency && <CostChart rows={rows} lines={lines} interval={s.interval} currency={s.currency} timeZone={tz} />}
      <DataTable
        caption="Cost per output per interval"
        rows={rows.filter((r) => r.n > 0)}
        columns={[
          { header: "Period", cell: (r) => formatPeriod(r.start, s.interval, tz) },
          { header: "Cost per output", cell: (r) => money(r.perOutput, s.currency), numeric: true },
          {
            header: "By model",
            cell: (r) =>
              Object.entries(r.byModel)
                .filter(([, v]) => v !== null)
                .map(([model, v]) => `${model} ${money(v, s.currency)}`)
                .join(", "),
          },
          { header: "Priced outputs", cell: (r) => count(r.n), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function HistogramSection({ m, threshold }: Ctx) {
  const rows = histogramRows(m.histogram, threshold);
  const f = m.totals.fallbackRate;
  // start a little below the lowest used bin (or the threshold): an axis of empty bins says nothing
  const firstUsed = rows.find((r) => r.outputs > 0);
  const xMin = Math.max(0, Math.round((Math.min(firstUsed?.from ?? 0.5, (threshold ?? 1) - 0.05) - 0.1) * 20) / 20);
  return (
    <ChartCard
      title="Confidence distribution"
      empty={m.totals.outputs === 0 ? "No outputs in this range." : null}
      finding={
        m.totals.outputs > 0 && (
          <>
            <strong>{percent(f.value)}</strong> of {count(f.n)} outputs fell back
            {threshold !== null && <> (confidence below {threshold.toFixed(2)})</>}; mean confidence {percent(m.totals.meanConfidence)}.
          </>
        )
      }
    >
      <ConfidenceHistogram rows={rows} threshold={threshold} xMin={xMin} />
      <DataTable
        caption="Outputs per confidence bin"
        rows={rows.filter((r) => r.outputs > 0)}
        columns={[
          { header: "Confidence", cell: (r) => `${r.from.toFixed(2)}–${r.to.toFixed(2)}` },
          { header: "Outputs", cell: (r) => count(r.outputs), numeric: true },
          { header: "Share", cell: (r) => percent(r.share), numeric: true },
          { header: "Shown", cell: (r) => (r.belowThreshold ? "fell back" : "shown") },
        ]}
      />
    </ChartCard>
  );
}

export function CalibrationSection({ m }: Ctx) {
  const rows = calibrationRows(m.calibration);
  // small bins' wide intervals may run off the axis rather than squash every other bin
  const min = axisFloor(
    rows.flatMap((r) => (r.n >= MIN_SAMPLE ? [r.confidence, r.lower] : [r.confidence])),
    0.5,
  );
  return (
    <ChartCard
      title="Calibration"
      empty={rows.length === 0 ? noLabels : null}
      finding={
        m.ece !== null && (
          <>
            Expected calibration error (ECE): <strong>{percent(m.ece)}</strong> over {count(m.totals.labelled)} labelled outputs. Points
            below the diagonal are overconfident.
          </>
        )
      }
    >
      <ReliabilityDiagram rows={rows} min={min} minSample={MIN_SAMPLE} />
      <DataTable
        caption="Reliability per confidence bin"
        rows={rows}
        columns={[
          { header: "Bin", cell: (r) => `${(r.bin / 20).toFixed(2)}–${((r.bin + 1) / 20).toFixed(2)}` },
          { header: "Mean confidence", cell: (r) => percent(r.confidence), numeric: true },
          { header: "Accuracy", cell: (r) => `${percent(r.accuracy)} (${percent(r.lower)}–${percent(r.upper)})`, numeric: true },
          { header: "Labels", cell: (r) => count(r.n), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

export function ConcentrationSection({ title, noun, slices }: { title: string; noun: string; slices: MetricsView["byInputType"] }) {
  if (slices === null) {
    return (
      <ChartCard
        title={title}
        empty={`Not available for one model: accuracy per ${noun} is kept without the model, and every model's figures would pass for this one's. Choose "All models" to see it.`}
      >
        {null}
      </ChartCard>
    );
  }
  return <ConcentrationCard title={title} noun={noun} slices={slices} />;
}

function ConcentrationCard({ title, noun, slices }: { title: string; noun: string; slices: MetricsView["bySegment"] }) {
  const c = errorConcentration(slices);
  const rows = sliceRows(slices, c?.concentrated ? c.worst.slice : null);
  return (
    <ChartCard
      title={title}
      empty={rows.length === 0 ? noLabels : null}
      finding={
        rows.length > 0 &&
        (!c ? (
          `Too few labels per ${noun} to compare (each needs ${MIN_SAMPLE}).`
        ) : c.concentrated ? (
          <>
            Errors concentrated in <strong>{c.worst.slice}</strong>: {rateText(c.worst.accuracy)} vs {rateText(c.rest)} in every other{" "}
            {noun}.
          </>
        ) : (
          <>
            No single {noun} stands out: the lowest, {c.worst.slice} at {rateText(c.worst.accuracy)}, overlaps the rest ({rateText(c.rest)}
            ).
          </>
        ))
      }
    >
      <ConcentrationChart rows={rows} />
      <DataTable
        caption={`Accuracy per ${noun}`}
        rows={slices}
        columns={[
          { header: noun[0].toUpperCase() + noun.slice(1), cell: (r) => r.slice },
          { header: "Accuracy", cell: (r) => rateText(r.accuracy), numeric: true },
          { header: "Thumbs down", cell: (r) => rateText(r.thumbsDownRate), numeric: true },
          { header: "Outputs", cell: (r) => count(r.outputs), numeric: true },
        ]}
      />
    </ChartCard>
  );
}

/** Answers shown plainly, shown flagged, asked and fallen back: the below-threshold behaviour at work. */
export function PresentationSection({ m, interval, tz, threshold }: Ctx) {
  const rows = presentationRows(m.points);
  const t = presentationOf(m.totals);
  const share = (n: number) => percent(t.total > 0 ? n / t.total : null);
  return (
    <ChartCard
      title="How answers were presented"
      empty={m.totals.outputs === 0 ? "No outputs in this range." : null}
      finding={
        t.total > 0 && (
          <>
            Of {count(t.total)} outputs: <strong>{share(t.plain)}</strong> shown plainly, <strong>{share(t.flagged)}</strong> shown flagged
            as low-confidence, <strong>{share(t.asked)}</strong> asked the user instead, <strong>{share(t.fallback)}</strong> fell back
            {threshold !== null && <> (threshold {threshold.toFixed(2)})</>}.
          </>
        )
      }
    >
      <PresentationChart rows={rows} interval={interval} timeZone={tz} />
      <DataTable
        caption="Outputs per interval by presentation"
        rows={rows.filter((r) => r.total > 0)}
        columns={[
          { header: "Period", cell: (r) => formatPeriod(r.start, interval, tz) },
          ...PRESENTATION_SERIES.map((s) => ({
            header: s.label[0]!.toUpperCase() + s.label.slice(1),
            cell: (r: (typeof rows)[number]) => count(r[s.key]),
            numeric: true,
          })),
        ]}
      />
    </ChartCard>
  );
}
