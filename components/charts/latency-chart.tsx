"use client";

import { Line, LineChart, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import type { LatencyRow } from "@/lib/domain/latency";
import { count, millis } from "@/lib/format/numbers";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** Axis ticks: "0", "500 ms", "1.5 s" (no trailing zeros). */
const axisMillis = (v: number) => (v === 0 ? "0" : v < 1000 ? `${Math.round(v)} ms` : `${Number((v / 1000).toFixed(1))} s`);

/** p50 (solid) and p95 (dashed) latency per interval; gaps where no output reported a duration. */
export function LatencyChart({ rows, interval, timeZone }: { rows: LatencyRow[]; interval: Interval; timeZone?: string }) {
  return (
    <div>
      <LineChart responsive style={{ width: "100%", height: 220 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as LatencyRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={
                  r.n === 0
                    ? [["Latency", "no durations reported"]]
                    : [
                        ["p50", millis(r.p50)],
                        ["p95", millis(r.p95)],
                        ["Outputs timed", count(r.n)],
                      ]
                }
              />
            );
          }}
        >
          <YAxis tick={AXIS_TICK} tickFormatter={axisMillis} width={52} domain={[0, "auto"]} />
        </TimeChartFrame>
        <Line
          dataKey="p95"
          stroke={COLORS.danger}
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={{ r: 2, fill: COLORS.danger }}
          isAnimationActive={false}
        />
        <Line dataKey="p50" stroke={COLORS.accuracy} strokeWidth={2} dot={{ r: 2, fill: COLORS.accuracy }} isAnimationActive={false} />
      </LineChart>
      <ChartLegend
        items={[
          { swatch: { kind: "line", color: COLORS.accuracy }, label: "p50 (median)" },
          { swatch: { kind: "line", color: COLORS.danger, dash: "6 3" }, label: "p95 (1 in 20 slower)" },
        ]}
      />
    </div>
  );
}
