"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { HistogramRow } from "@/lib/domain/chart-rows";
import { count, percent } from "@/lib/format/numbers";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** 20 confidence bins; bins below the threshold (the AI answer fell back) in grey, hatched. */
export function ConfidenceHistogram({ rows, threshold, xMin }: { rows: HistogramRow[]; threshold: number | null; xMin: number }) {
  const visible = rows.filter((r) => r.to > xMin + 1e-9);
  const lo = visible[0]?.from ?? xMin;
  // bin edges from the first visible bin to 1; every other edge when they would crowd the axis
  const step = visible.length > 10 ? 2 : 1;
  const edges = [...visible.map((r) => r.from), 1].filter((_, i) => i % step === 0).map((v) => Math.round(v * 100) / 100);
  return (
    <div>
      <BarChart
        responsive
        style={{ width: "100%", height: 220 }}
        data={visible}
        margin={{ top: 16, right: 12, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        {/* a number axis whose ticks are the bins' edges: a bar spans its bin, and the threshold line sits on its value */}
        <XAxis
          type="number"
          dataKey="mid"
          domain={[lo, 1]}
          ticks={edges}
          interval={0}
          tick={AXIS_TICK}
          tickFormatter={(v: number) => v.toFixed(2)}
          allowDataOverflow
        />
        <YAxis tick={AXIS_TICK} tickFormatter={(v: number) => count(v)} width={48} allowDecimals={false} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: "#f1f5f9" }}
          content={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as HistogramRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={`Confidence ${r.from.toFixed(2)}–${r.to.toFixed(2)}`}
                rows={[
                  ["Outputs", count(r.outputs)],
                  ["Share", percent(r.share)],
                  ["Shown to users", r.belowThreshold ? "no — fell back" : "yes"],
                ]}
              />
            );
          }}
        />
        <Bar dataKey="outputs" isAnimationActive={false}>
          {visible.map((r) => (
            <Cell key={r.bin} fill={r.belowThreshold ? COLORS.neutral : COLORS.accuracy} fillOpacity={r.belowThreshold ? 0.55 : 1} />
          ))}
        </Bar>
        {threshold !== null && (
          <ReferenceLine
            x={threshold}
            stroke={COLORS.danger}
            strokeWidth={2}
            strokeDasharray="6 3"
            position="start"
            label={{ value: `threshold ${threshold.toFixed(2)}`, position: "top", fill: COLORS.danger, fontSize: 12 }}
          />
        )}
      </BarChart>
      <ChartLegend
        items={[
          { swatch: { kind: "bar", color: COLORS.accuracy }, label: "shown (at or above threshold)" },
          { swatch: { kind: "bar", color: "#a3a8b0" }, label: "fell back (below threshold)" },
        ]}
      />
    </div>
  );
}
