"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import { count, percent } from "@/lib/format/numbers";
import { percentTicks, type RateRow } from "@/lib/domain/chart-rows";
import { percentTick } from "@/lib/format/rate";
import { formatPeriod, formatTick } from "@/lib/format/time";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

export interface AccuracyChartProps {
  rows: RateRow[];
  interval: Interval;
  /** lower end of the y axis (0..1) */
  yMin: number;
  floor: { value: number; label: string } | null;
  minSample: number;
  timeZone?: string;
  /** what the rate is, for tooltips and legend ("Accuracy", "Thumbs-down rate") */
  label?: string;
  color?: string;
  height?: number;
}

/** A rate over time: 95 % band, solid dots for enough labels, hollow dashed dots for few. */
export function AccuracyChart({ rows, interval, yMin, floor, minSample, timeZone, label = "Accuracy", color = COLORS.accuracy, height = 260 }: AccuracyChartProps) {
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="start" tick={AXIS_TICK} tickFormatter={(v: number) => formatTick(v, interval, timeZone)} minTickGap={24} />
        <YAxis domain={[yMin, 1]} ticks={percentTicks(yMin)} tick={AXIS_TICK} tickFormatter={percentTick} width={48} allowDataOverflow />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as RateRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={
                  r.value === null
                    ? [[label, "no data"]]
                    : [
                        [label, percent(r.value)],
                        ["95 % interval", `${percent(r.band![0])}–${percent(r.band![1])}`],
                        ["Sample", `n=${count(r.n)}${r.n < minSample ? " (small)" : ""}`],
                      ]
                }
              />
            );
          }}
        />
        <Area dataKey="solidBand" stroke="none" fill={color} fillOpacity={0.18} isAnimationActive={false} connectNulls={false} activeDot={false} />
        <Line dataKey="solid" stroke={color} strokeWidth={2} dot={{ r: 2.5, fill: color, stroke: color }} connectNulls={false} isAnimationActive={false} />
        <Line
          dataKey="sparse"
          stroke="none"
          dot={{ r: 3.5, fill: "#fff", stroke: color, strokeWidth: 1.5, strokeDasharray: "2 1.5" }}
          activeDot={{ r: 4, fill: "#fff", stroke: color }}
          isAnimationActive={false}
        />
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
          { swatch: { kind: "dot", color, hollow: true }, label: `fewer than ${minSample} — uncertain` },
          { swatch: { kind: "band", color }, label: "95 % interval" },
          ...(floor ? [{ swatch: { kind: "line" as const, color: COLORS.danger, dash: "6 4" }, label: floor.label }] : []),
        ]}
      />
    </div>
  );
}
