"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { count, percent } from "@/lib/format/numbers";
import { percentTick } from "@/lib/format/rate";
import { TooltipBox } from "./chart-tooltip";
import { AXIS_TICK, COLORS } from "./palette";

export interface ConcentrationBar {
  slice: string;
  accuracy: number;
  lower: number;
  upper: number;
  n: number;
  error: [number, number];
  /** the slice where the errors concentrate */
  flagged: boolean;
}

/** Accuracy per slice as horizontal bars with 95 % intervals and label counts. */
export function ConcentrationChart({ rows }: { rows: ConcentrationBar[] }) {
  return (
    <BarChart
      responsive
      layout="vertical"
      style={{ width: "100%", height: Math.max(120, 36 * rows.length + 40) }}
      data={rows}
      margin={{ top: 4, right: 56, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke={COLORS.grid} horizontal={false} />
      <XAxis type="number" domain={[0, 1]} tick={AXIS_TICK} tickFormatter={percentTick} />
      <YAxis
        type="category"
        dataKey="slice"
        tick={AXIS_TICK}
        width={112}
        tickFormatter={(v: string) => (v.length > 16 ? `${v.slice(0, 15)}…` : v)}
      />
      <Tooltip
        isAnimationActive={false}
        cursor={{ fill: "#f1f5f9" }}
        content={({ active, payload }) => {
          const r = active ? (payload?.[0]?.payload as ConcentrationBar | undefined) : undefined;
          if (!r) return null;
          return (
            <TooltipBox
              title={r.slice}
              rows={[
                ["Accuracy", percent(r.accuracy)],
                ["95 % interval", `${percent(r.lower)}–${percent(r.upper)}`],
                ["Labels", count(r.n)],
              ]}
            />
          );
        }}
      />
      <Bar dataKey="accuracy" isAnimationActive={false} barSize={18}>
        {rows.map((r) => (
          <Cell key={r.slice} fill={r.flagged ? COLORS.danger : COLORS.accuracy} />
        ))}
        <ErrorBar dataKey="error" direction="x" width={6} stroke="#0f172a" strokeWidth={1.5} />
        <LabelList
          dataKey="n"
          position="right"
          offset={10}
          formatter={(v: unknown) => `n=${count(Number(v))}`}
          style={{ fontSize: 11, fill: COLORS.text }}
        />
      </Bar>
    </BarChart>
  );
}
