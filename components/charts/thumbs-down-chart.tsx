"use client";

import { Area, Bar, ComposedChart, ErrorBar, Line, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import { count, percent } from "@/lib/format/numbers";
import { MIN_WHISKER_SAMPLE, percentTicks, sparseError, type ThumbsRow } from "@/lib/domain/chart-rows";
import { percentTick } from "@/lib/format/rate";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** Thumbs-down rate (left axis, with band) over the volume of thumbs (bars, right axis). */
export function ThumbsDownChart({
  rows,
  interval,
  yMax,
  minSample,
  timeZone,
  periodMinutes,
}: {
  rows: ThumbsRow[];
  interval: Interval;
  yMax: number;
  minSample: number;
  timeZone?: string;
  /** minutes one point covers when intervals are pooled (tooltips name the whole span) */
  periodMinutes?: number;
}) {
  const color = COLORS.danger;
  const drawn = rows.map((r) => ({ ...r, sparseError: sparseError(r, 0, yMax) }));
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height: 240 }} data={drawn} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as ThumbsRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone, periodMinutes)}
                rows={[
                  ["Thumbs down", r.value === null ? "no feedback" : `${percent(r.value)} (${percent(r.band![0])}–${percent(r.band![1])})`],
                  ["Feedback", `${count(r.thumbsDown)} down of ${count(r.volume)}`],
                ]}
              />
            );
          }}
        >
          <YAxis
            yAxisId="rate"
            domain={[0, yMax]}
            ticks={percentTicks(0, yMax)}
            tick={AXIS_TICK}
            tickFormatter={percentTick}
            width={48}
            allowDataOverflow
          />
          <YAxis
            yAxisId="volume"
            orientation="right"
            tick={AXIS_TICK}
            tickFormatter={(v: number) => count(v)}
            width={44}
            allowDecimals={false}
          />
        </TimeChartFrame>
        <Bar yAxisId="volume" dataKey="volume" fill={COLORS.muted} isAnimationActive={false} />
        <Area
          yAxisId="rate"
          dataKey="solidBand"
          stroke="none"
          fill={color}
          fillOpacity={0.15}
          isAnimationActive={false}
          activeDot={false}
        />
        <Line
          yAxisId="rate"
          dataKey="solid"
          stroke={color}
          strokeWidth={2}
          dot={{ r: 2.5, fill: color, stroke: color }}
          isAnimationActive={false}
        />
        <Line
          yAxisId="rate"
          dataKey="sparse"
          stroke="none"
          dot={{ r: 3.5, fill: "#fff", stroke: color, strokeWidth: 1.5, strokeDasharray: "2 1.5" }}
          isAnimationActive={false}
        >
          <ErrorBar dataKey="sparseError" stroke={color} strokeOpacity={0.45} width={4} isAnimationActive={false} />
        </Line>
      </ComposedChart>
      <ChartLegend
        items={[
          { swatch: { kind: "dot", color }, label: `Thumbs-down rate, n ≥ ${minSample}` },
          {
            swatch: { kind: "dot", color, hollow: true },
            label: `few ratings — uncertain (whisker: 95 % interval, from ${MIN_WHISKER_SAMPLE})`,
          },
          { swatch: { kind: "band", color }, label: "95 % interval" },
          { swatch: { kind: "bar", color: COLORS.muted }, label: "ratings (right axis)" },
        ]}
      />
    </div>
  );
}
