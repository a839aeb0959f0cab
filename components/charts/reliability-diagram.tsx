"use client";

import { Fragment } from "react";
import { CartesianGrid, Cell, ComposedChart, ErrorBar, ReferenceLine, Scatter, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import type { CalibrationRow } from "@/lib/domain/chart-rows";
import { count, percent } from "@/lib/format/numbers";
import { percentTick } from "@/lib/format/rate";
import { percentTicks } from "@/lib/domain/chart-rows";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** Mean confidence (x) against observed accuracy (y) per bin; the diagonal is perfect calibration. */
export function ReliabilityDiagram({ rows, min, minSample }: { rows: CalibrationRow[]; min: number; minSample: number }) {
  const ticks = percentTicks(min);
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
        <YAxis
          type="number"
          dataKey="accuracy"
          domain={[min, 1]}
          ticks={ticks}
          tick={AXIS_TICK}
          tickFormatter={percentTick}
          width={48}
          allowDataOverflow
        />
        <ZAxis type="number" dataKey="n" range={[30, 400]} />
        <ReferenceLine
          segment={[
            { x: min, y: min },
            { x: 1, y: 1 },
          ]}
          stroke={COLORS.neutral}
          strokeDasharray="4 4"
          ifOverflow="hidden"
        />
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
        <Scatter dataKey="accuracy" fill={COLORS.accuracy} fillOpacity={0.8} stroke={COLORS.accuracy} isAnimationActive={false}>
          {rows.map((r) => (
            <Cell key={r.bin} fill={r.n >= minSample ? COLORS.accuracy : "#fff"} strokeDasharray={r.n >= minSample ? undefined : "2 1.5"} />
          ))}
          <ErrorBar dataKey="error" direction="y" width={4} stroke={COLORS.accuracy} />
        </Scatter>
      </ComposedChart>
      <p className="mt-1 text-xs text-slate-700">
        Bin sizes:{" "}
        {rows.map((r, i) => (
          <Fragment key={r.bin}>
            {i > 0 && " · "}
            <span className="whitespace-nowrap">
              {(r.bin / 20).toFixed(2)}–{((r.bin + 1) / 20).toFixed(2)}: n={count(r.n)}
            </span>
          </Fragment>
        ))}
      </p>
      <ChartLegend
        items={[
          { swatch: { kind: "dot", color: COLORS.accuracy }, label: "bin (area = labelled outputs)" },
          { swatch: { kind: "dot", color: COLORS.accuracy, hollow: true }, label: `fewer than ${minSample} labels` },
          { swatch: { kind: "line", color: COLORS.accuracy, width: 1 }, label: "95 % interval" },
          { swatch: { kind: "line", color: COLORS.neutral, dash: "4 4" }, label: "perfect calibration; below it = overconfident" },
        ]}
      />
    </div>
  );
}
