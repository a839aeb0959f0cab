"use client";

import { CartesianGrid, ComposedChart, ErrorBar, LabelList, ReferenceLine, Scatter, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import type { CalibrationRow } from "@/lib/domain/chart-rows";
import { count, percent } from "@/lib/format/numbers";
import { percentTick } from "@/lib/format/rate";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** Mean confidence (x) against observed accuracy (y) per bin; the diagonal is perfect calibration. */
export function ReliabilityDiagram({ rows, min }: { rows: CalibrationRow[]; min: number }) {
  const ticks = Array.from({ length: Math.round((1 - min) * 10) + 1 }, (_, i) => Math.round((min + i / 10) * 10) / 10);
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height: 280 }} data={rows} margin={{ top: 16, right: 16, bottom: 16, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} />
        <XAxis
          type="number"
          dataKey="confidence"
          domain={[min, 1]}
          ticks={ticks}
          tick={AXIS_TICK}
          tickFormatter={percentTick}
          allowDataOverflow
          label={{ value: "mean confidence", position: "insideBottom", offset: -10, fill: COLORS.text, fontSize: 12 }}
        />
        <YAxis type="number" dataKey="accuracy" domain={[min, 1]} ticks={ticks} tick={AXIS_TICK} tickFormatter={percentTick} width={48} allowDataOverflow />
        <ZAxis type="number" dataKey="n" range={[30, 400]} />
        <ReferenceLine segment={[{ x: min, y: min }, { x: 1, y: 1 }]} stroke={COLORS.neutral} strokeDasharray="4 4" ifOverflow="hidden" />
        <Tooltip
          isAnimationActive={false}
          cursor={false}
          content={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as CalibrationRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={`Bin ${(r.bin / 20).toFixed(2)}–${((r.bin + 1) / 20).toFixed(2)}`}
                rows={[
                  ["Mean confidence", percent(r.confidence)],
                  ["Accuracy", `${percent(r.accuracy)} (${percent(r.lower)}–${percent(r.upper)})`],
                  ["Labelled outputs", count(r.n)],
                ]}
              />
            );
          }}
        />
        <Scatter dataKey="accuracy" fill={COLORS.accuracy} fillOpacity={0.75} stroke={COLORS.accuracy} isAnimationActive={false}>
          <ErrorBar dataKey="error" direction="y" width={4} stroke={COLORS.accuracy} />
          {/* alternate sides so neighbouring bins' sizes do not overprint each other */}
          <LabelList dataKey="n" content={(props) => {
            const { x, y, index, value } = props as { x?: number | string; y?: number | string; index?: number; value?: unknown };
            if (x === undefined || y === undefined) return null;
            const left = (index ?? 0) % 2 === 1;
            return (
              <text x={Number(x) + (left ? -10 : 10)} y={Number(y) + 4} textAnchor={left ? "end" : "start"} fontSize={11} fill={COLORS.text}>
                n={count(Number(value))}
              </text>
            );
          }} />
        </Scatter>
      </ComposedChart>
      <ChartLegend
        items={[
          { swatch: { kind: "dot", color: COLORS.accuracy }, label: "bin (size = labelled outputs)" },
          { swatch: { kind: "line", color: COLORS.accuracy, width: 1 }, label: "95 % interval" },
          { swatch: { kind: "line", color: COLORS.neutral, dash: "4 4" }, label: "perfect calibration; below it = overconfident" },
        ]}
      />
    </div>
  );
}
