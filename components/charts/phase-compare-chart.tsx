"use client";

import { ComposedChart, Line, ReferenceLine } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import { count, percent } from "@/lib/format/numbers";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { COLORS, PHASE_STYLES } from "./palette";

export interface PhaseLine {
  key: string;
  name: string;
}

/** Rows keyed by start with, per phase key, `${key}` (n ≥ min), `${key}:sparse` and `${key}:n`. */
export type PhaseRow = { start: number } & Record<string, number | null>;

/** Accuracy of several phases overlaid: one colour, dash and marker style per phase. */
export function PhaseCompareChart({
  rows,
  phases,
  interval,
  yMin,
  floor,
  minSample,
  timeZone,
}: {
  rows: PhaseRow[];
  phases: PhaseLine[];
  interval: Interval;
  yMin: number;
  floor: { value: number; label: string } | null;
  minSample: number;
  timeZone?: string;
}) {
  const style = (i: number) => PHASE_STYLES[i % PHASE_STYLES.length];
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          percentFrom={yMin}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as PhaseRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={phases.map((p) => {
                  const v = r[p.key] ?? r[`${p.key}:sparse`];
                  const n = r[`${p.key}:n`] ?? 0;
                  return [p.name, v === null || v === undefined ? "no labels" : `${percent(v)} (n=${count(n)})`];
                })}
              />
            );
          }}
        />
        {phases.map((p, i) => (
          <Line
            key={p.key}
            dataKey={p.key}
            name={p.name}
            stroke={style(i).color}
            strokeDasharray={style(i).dash}
            strokeWidth={2}
            dot={{ r: 2.5, fill: style(i).color }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
        {phases.map((p, i) => (
          <Line
            key={`${p.key}:sparse`}
            dataKey={`${p.key}:sparse`}
            stroke="none"
            dot={{ r: 3.5, fill: "#fff", stroke: style(i).color, strokeDasharray: "2 1.5" }}
            isAnimationActive={false}
          />
        ))}
        {floor && (
          <ReferenceLine
            y={floor.value}
            stroke={COLORS.danger}
            strokeDasharray="6 4"
            label={{ value: floor.label, position: "insideBottomLeft", fill: COLORS.danger, fontSize: 12 }}
          />
        )}
      </ComposedChart>
      <ChartLegend
        items={[
          ...phases.map((p, i) => ({ swatch: { kind: "line" as const, color: style(i).color, dash: style(i).dash }, label: p.name })),
          { swatch: { kind: "dot", color: COLORS.neutral, hollow: true }, label: `fewer than ${minSample} labels` },
        ]}
      />
    </div>
  );
}
