"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { count } from "@/lib/format/numbers";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS, PHASE_STYLES } from "./palette";

// Tagged outputs per week for the most used failure patterns: does a pattern grow, or die after
// a fix? Lines differ by colour and dash; the table beside the chart carries every number.

const STYLES = [...PHASE_STYLES, { color: COLORS.confidence, dash: "1 3" }, { color: COLORS.neutral, dash: "10 4" }];

export interface TagTrendProps {
  /** week labels, oldest first */
  weeks: string[];
  /** the tags to draw (at most 6), counts per week */
  tags: { tag: string; counts: number[] }[];
}

export function TagTrendChart({ weeks, tags }: TagTrendProps) {
  const shown = tags.slice(0, STYLES.length);
  // tag names are user text: index-based keys keep recharts from reading "a.b" as a path
  const rows = weeks.map((week, i) => Object.fromEntries([["week", week], ...shown.map((t, j) => [`t${j}`, t.counts[i]])]));
  return (
    <div>
      <LineChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="week" tick={AXIS_TICK} minTickGap={16} />
        <YAxis tick={AXIS_TICK} allowDecimals={false} width={36} />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload, label }) => {
            if (!active || !payload?.length) return null;
            const row = payload[0]?.payload as Record<string, number> | undefined;
            return (
              <TooltipBox title={`Week of ${label}`} rows={shown.map((t, j) => [t.tag, count(row?.[`t${j}`] ?? 0)] as [string, string])} />
            );
          }}
        />
        {shown.map((t, j) => (
          <Line
            key={t.tag}
            dataKey={`t${j}`}
            name={t.tag}
            stroke={STYLES[j].color}
            strokeDasharray={STYLES[j].dash}
            strokeWidth={2}
            dot={{ r: 3, fill: STYLES[j].color }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      <ChartLegend
        items={shown.map((t, j) => ({ swatch: { kind: "line" as const, color: STYLES[j].color, dash: STYLES[j].dash }, label: t.tag }))}
      />
    </div>
  );
}
