"use client";

import { useId } from "react";
import { Area, ComposedChart, ErrorBar, Line, ReferenceArea, ReferenceLine } from "recharts";
import type { AlertArea } from "@/lib/domain/alert-areas";
import { markLegend, type ChangeMark } from "@/lib/domain/feature-changes";
import { changeSource } from "@/lib/format/change-source";
import type { Interval } from "@/lib/domain/buckets";
import { count, percent } from "@/lib/format/numbers";
import { MIN_WHISKER_SAMPLE, sparseError, type RateRow } from "@/lib/domain/chart-rows";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { COLORS } from "./palette";

export interface AccuracyChartProps {
  rows: RateRow[];
  /** the accuracy estimated from confidence at each row (drawn dashed), null where there is none */
  estimate?: (number | null)[];
  interval: Interval;
  /** lower end of the y axis (0..1) */
  yMin: number;
  floor: { value: number; label: string } | null;
  minSample: number;
  timeZone?: string;
  /** minutes one point covers when intervals are pooled (tooltips name the whole span) */
  periodMinutes?: number;
  /** what the rate is, for tooltips and legend ("Accuracy", "Thumbs-down rate") */
  label?: string;
  color?: string;
  height?: number;
  /** alert periods, snapped to the rows' bucket starts (lib/domain/alert-areas) */
  alerts?: AlertArea[];
  /** the feature's changes, snapped to the rows' bucket starts (lib/domain/feature-changes) */
  marks?: ChangeMark[];
}

/** Hatched with a solid outline and a label: an alert period reads without colour. */
function AlertShape(props: { x?: number; y?: number; width?: number; height?: number; pattern?: string }) {
  const { x = 0, y = 0, width = 0, height = 0, pattern } = props;
  // An alert within one bucket spans no distance between points: draw it as a visible strip.
  const w = Math.max(width, 10);
  return (
    <rect x={x - (w - width) / 2} y={y} width={w} height={height} fill={`url(#${pattern})`} stroke={COLORS.danger} strokeWidth={1.5} />
  );
}

/** Alerts over the same buckets share one area and one label ("A1, A2"). */
function mergeAreas(alerts: AlertArea[]) {
  const byRange = new Map<string, { x1: number; x2: number; labels: string[] }>();
  for (const a of alerts) {
    const k = `${a.x1}:${a.x2}`;
    const area = byRange.get(k) ?? { x1: a.x1, x2: a.x2, labels: [] };
    area.labels.push(a.label);
    byRange.set(k, area);
  }
  return [...byRange.values()];
}

/** A rate over time: 95 % band, solid dots for enough labels, hollow dashed dots for few. */
export function AccuracyChart({
  rows,
  estimate,
  interval,
  yMin,
  floor,
  minSample,
  timeZone,
  periodMinutes,
  label = "Accuracy",
  color = COLORS.accuracy,
  height = 260,
  alerts = [],
  marks = [],
}: AccuracyChartProps) {
  const drawn = rows.map((r, i) => ({ ...r, sparseError: sparseError(r, yMin), estimate: estimate?.[i] ?? null }));
  const hasEstimate = drawn.some((r) => r.estimate !== null);
  const ALERT_PATTERN = `alert-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height }} data={drawn} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <defs>
          <pattern id={ALERT_PATTERN} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={COLORS.danger} fillOpacity={0.08} />
            <line x1="0" y1="0" x2="0" y2="6" stroke={COLORS.danger} strokeWidth="1.5" strokeOpacity={0.5} />
          </pattern>
        </defs>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          percentFrom={yMin}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as (RateRow & { estimate: number | null }) | undefined) : undefined;
            if (!r) return null;
            const est: [string, string][] = r.estimate !== null ? [["Estimated from confidence", percent(r.estimate)]] : [];
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone, periodMinutes)}
                rows={
                  r.value === null
                    ? [[label, "no data"], ...est]
                    : [
                        [label, percent(r.value)],
                        ["95 % interval", `${percent(r.band![0])}–${percent(r.band![1])}`],
                        ["Sample", `n=${count(r.n)}${r.n < minSample ? " (small)" : ""}`],
                        ...est,
                      ]
                }
              />
            );
          }}
        />
        {mergeAreas(alerts).map((a) => (
          <ReferenceArea
            key={`${a.x1}:${a.x2}`}
            x1={a.x1}
            x2={a.x2}
            ifOverflow="hidden"
            shape={<AlertShape pattern={ALERT_PATTERN} />}
            label={{
              value: a.labels.join(", "),
              // near the right edge the label reads leftwards, so it is never cut off
              position: rows.findIndex((r) => r.start === a.x1) > rows.length / 2 ? "insideTopRight" : "insideTopLeft",
              offset: 8,
              fill: COLORS.danger,
              fontSize: 12,
              fontWeight: 700,
            }}
          />
        ))}
        <Area
          dataKey="solidBand"
          stroke="none"
          fill={color}
          fillOpacity={0.18}
          isAnimationActive={false}
          connectNulls={false}
          activeDot={false}
        />
        <Line
          dataKey="solid"
          stroke={color}
          strokeWidth={2}
          dot={{ r: 2.5, fill: color, stroke: color }}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="sparse"
          stroke="none"
          dot={{ r: 3.5, fill: "#fff", stroke: color, strokeWidth: 1.5, strokeDasharray: "2 1.5" }}
          activeDot={{ r: 4, fill: "#fff", stroke: color }}
          isAnimationActive={false}
        >
          <ErrorBar dataKey="sparseError" stroke={color} strokeOpacity={0.45} width={4} isAnimationActive={false} />
        </Line>
        {hasEstimate && (
          <Line
            dataKey="estimate"
            stroke={COLORS.text}
            strokeWidth={1.5}
            strokeDasharray="5 4"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        )}
        {marks.map((m) => (
          <ReferenceLine
            key={`change-${m.x}`}
            x={m.x}
            stroke={COLORS.text}
            strokeDasharray="2 3"
            strokeWidth={1.5}
            ifOverflow="hidden"
            label={{ value: m.label, position: "insideBottomRight", fill: COLORS.text, fontSize: 11, fontWeight: 700 }}
          />
        ))}
        {floor && (
          <ReferenceLine
            y={floor.value}
            stroke={COLORS.danger}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            label={{ value: floor.label, position: "insideBottomLeft", fill: COLORS.danger, fontSize: 12 }}
          />
        )}
      </ComposedChart>
      <ChartLegend
        items={[
          { swatch: { kind: "dot", color }, label: `${label}, n ≥ ${minSample}` },
          {
            swatch: { kind: "dot", color, hollow: true },
            label: `fewer than ${minSample} — uncertain (whisker: 95 % interval, from ${MIN_WHISKER_SAMPLE})`,
          },
          { swatch: { kind: "band", color }, label: "95 % interval" },
          ...(hasEstimate
            ? [{ swatch: { kind: "line" as const, color: COLORS.text, dash: "5 4" }, label: "Estimated from confidence" }]
            : []),
          ...(floor ? [{ swatch: { kind: "line" as const, color: COLORS.danger, dash: "6 4" }, label: floor.label }] : []),
        ]}
      />
      {marks.length > 0 && (
        <ul aria-label="Changes on the chart" className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
          {marks.flatMap((m) => {
            const { listed, summary } = markLegend(m);
            return summary
              ? [
                  <li key={m.x} className="flex items-center gap-1.5">
                    <MarkSwatch />
                    <span>
                      <strong>{m.label}</strong> {summary} (listed in the change history)
                    </span>
                  </li>,
                ]
              : listed.map((c) => (
                  <li key={c.id} className="flex items-center gap-1.5">
                    <MarkSwatch />
                    <span>
                      <strong>{c.label}</strong> {c.title}
                      {c.detail ? ` (${c.detail})` : ""} {changeSource(c)}
                      {c.reason ? `: ${c.reason}` : ""}
                    </span>
                  </li>
                ));
          })}
        </ul>
      )}
      {alerts.length > 0 && (
        <ul aria-label="Alert periods on the chart" className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
          {alerts.map((a) => (
            <li key={a.id} className="flex items-center gap-1.5">
              <svg width="22" height="12" aria-hidden="true" className="shrink-0">
                <defs>
                  <pattern id={`${ALERT_PATTERN}-${a.id}`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <line x1="0" y1="0" x2="0" y2="4" stroke={COLORS.danger} strokeWidth="1.5" strokeOpacity={0.6} />
                  </pattern>
                </defs>
                <rect x="1" y="1" width="20" height="10" fill={`url(#${ALERT_PATTERN}-${a.id})`} stroke={COLORS.danger} strokeWidth="1.5" />
              </svg>
              <span>
                <strong>{a.label}</strong> alert: {a.rule} (
                {a.status === "resolved" ? "resolved" : a.status === "acknowledged" ? "acknowledged, still open" : "open"})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MarkSwatch() {
  return (
    <svg width="10" height="12" aria-hidden="true" className="shrink-0">
      <line x1="5" y1="0" x2="5" y2="12" stroke={COLORS.text} strokeWidth="1.5" strokeDasharray="2 3" />
    </svg>
  );
}
