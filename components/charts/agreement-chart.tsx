"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

// Two series over time on a 0–1 scale (judge agreement: raw agreement and κ; accuracy: all labels
// and people only). Lines differ by colour and dash; the table next to the chart has the intervals.

export interface TwoSeriesRow {
  label: string;
  a: number | null;
  b: number | null;
  /** tooltip line under the values (sample sizes) */
  note?: string;
}

export function TwoSeriesChart({ rows, a, b, min = 0 }: { rows: TwoSeriesRow[]; a: string; b: string; min?: number }) {
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));
  return (
    <div>
      <LineChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={16} />
        <YAxis tick={AXIS_TICK} domain={[min, 1]} width={40} />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload, label }) => {
            if (!active || !payload?.length) return null;
            const row = payload[0]?.payload as TwoSeriesRow | undefined;
            return (
              <TooltipBox
                title={String(label)}
                rows={[[a, fmt(row?.a)], [b, fmt(row?.b)], ...(row?.note ? ([["n", row.note]] as [string, string][]) : [])]}
              />
            );
          }}
        />
        <Line
          dataKey="a"
          name={a}
          stroke={COLORS.accuracy}
          strokeWidth={2}
          dot={{ r: 3, fill: COLORS.accuracy }}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="b"
          name={b}
          stroke={COLORS.danger}
          strokeDasharray="6 3"
          strokeWidth={2}
          dot={{ r: 3, fill: COLORS.danger }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
      <ChartLegend
        items={[
          { swatch: { kind: "line", color: COLORS.accuracy }, label: a },
          { swatch: { kind: "line", color: COLORS.danger, dash: "6 3" }, label: b },
        ]}
      />
    </div>
  );
}
