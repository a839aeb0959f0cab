"use client";

import { Area, ComposedChart, Line } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import { count, percent } from "@/lib/format/numbers";
import { type ConfidenceRow } from "@/lib/domain/chart-rows";
import { points } from "@/lib/format/rate";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { COLORS } from "./palette";

/** Mean confidence and accuracy over time; the shaded gap between them is overconfidence. */
export function OverconfidenceChart({
  rows,
  interval,
  yMin,
  timeZone,
  periodMinutes,
}: {
  rows: ConfidenceRow[];
  interval: Interval;
  yMin: number;
  timeZone?: string;
  /** minutes one point covers when intervals are pooled (tooltips name the whole span) */
  periodMinutes?: number;
}) {
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          percentFrom={yMin}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as ConfidenceRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone, periodMinutes)}
                rows={
                  r.accuracy === null
                    ? [["Labels", `n=${count(r.n)} — too few to compare`]]
                    : [
                        ["Mean confidence", percent(r.confidence)],
                        ["Accuracy", percent(r.accuracy)],
                        ["Gap", points((r.confidence ?? 0) - r.accuracy)],
                        ["Labels", `n=${count(r.n)}`],
                      ]
                }
              />
            );
          }}
        />
        <Area dataKey="gap" stroke="none" fill={COLORS.danger} fillOpacity={0.25} isAnimationActive={false} activeDot={false} />
        <Line
          dataKey="confidence"
          stroke={COLORS.confidence}
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={{ r: 2, fill: COLORS.confidence }}
          isAnimationActive={false}
        />
        <Line
          dataKey="accuracy"
          stroke={COLORS.accuracy}
          strokeWidth={2}
          dot={{ r: 2.5, fill: COLORS.accuracy }}
          isAnimationActive={false}
        />
      </ComposedChart>
      <ChartLegend
        items={[
          { swatch: { kind: "line", color: COLORS.confidence, dash: "6 3" }, label: "mean confidence (labelled outputs)" },
          { swatch: { kind: "line", color: COLORS.accuracy }, label: "accuracy" },
          { swatch: { kind: "band", color: COLORS.danger, opacity: 0.3 }, label: "overconfidence gap" },
        ]}
      />
    </div>
  );
}
