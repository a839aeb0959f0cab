"use client";

import { Line, LineChart, ReferenceLine, YAxis } from "recharts";
import type { RateRow } from "@/lib/domain/chart-rows";
import { COLORS } from "./palette";

/** A small accuracy trend: confident points joined, uncertain ones hollow, the floor dashed. */
export function Sparkline({ rows, floor, label }: { rows: RateRow[]; floor: number | null; label: string }) {
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  if (values.length === 0) return <span className="text-xs text-slate-500">no labels in 24 h</span>;
  const lo = Math.max(0, Math.floor(Math.min(...values, floor ?? 1) * 10 - 0.5) / 10);
  return (
    <div role="img" aria-label={label} className="h-10 w-32">
      <LineChart width={128} height={40} data={rows} margin={{ top: 3, right: 3, bottom: 3, left: 3 }}>
        <YAxis hide domain={[lo, 1]} allowDataOverflow />
        {floor !== null && <ReferenceLine y={floor} stroke={COLORS.danger} strokeDasharray="3 2" />}
        <Line
          dataKey="solid"
          stroke={COLORS.accuracy}
          strokeWidth={1.5}
          dot={{ r: 1.5, fill: COLORS.accuracy }}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="sparse"
          stroke="none"
          dot={{ r: 2, fill: "#fff", stroke: COLORS.accuracy, strokeDasharray: "1.5 1" }}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
