"use client";

import { Line, LineChart, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import type { CostRow } from "@/lib/domain/cost";
import { count, money } from "@/lib/format/numbers";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS, PHASE_STYLES } from "./palette";

/** Axis ticks: three significant digits, no currency sign ("0.0024"). */
const axisCost = (v: number) => (v === 0 ? "0" : String(Number(v.toPrecision(2))));

/**
 * Cost per priced output per interval (issue 27): all priced models together, and one line per
 * model version (colour and dash) when several were priced, drawn over the overall line so a dearer
 * new version stands out. Gaps where nothing priced reported tokens.
 */
export function CostChart({
  rows,
  lines,
  interval,
  currency,
  timeZone,
}: {
  rows: CostRow[];
  lines: string[];
  interval: Interval;
  currency: string;
  timeZone?: string;
}) {
  const style = (i: number) => PHASE_STYLES[i % PHASE_STYLES.length];
  // one priced model: no model lines, the legend names it
  const only = lines.length === 0 ? Object.keys(rows[0]?.byModel ?? {}) : [];
  return (
    <div>
      <LineChart responsive style={{ width: "100%", height: 220 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as CostRow | undefined) : undefined;
            if (!r) return null;
            const models = Object.entries(r.byModel).filter((e): e is [string, number] => e[1] !== null);
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={
                  r.perOutput === null
                    ? [["Cost", "no priced output reported tokens"]]
                    : [
                        ["Cost per output", money(r.perOutput, currency)],
                        ...models.map(([model, v]): [string, string] => [
                          model,
                          `${money(v, currency)} (${count(r.nByModel[model] ?? 0)})`,
                        ]),
                        ["Priced outputs", count(r.n)],
                      ]
                }
              />
            );
          }}
        >
          <YAxis tick={AXIS_TICK} tickFormatter={axisCost} width={56} domain={[0, "auto"]} />
        </TimeChartFrame>
        {/* all priced models: a wide light band under the model lines (they coincide where one model served the interval) */}
        <Line
          dataKey="perOutput"
          name="all"
          stroke={lines.length > 0 ? COLORS.muted : COLORS.text}
          strokeWidth={lines.length > 0 ? 6 : 2}
          dot={lines.length > 0 ? false : { r: 2, fill: COLORS.text }}
          isAnimationActive={false}
        />
        {lines.map((model, i) => (
          <Line
            key={model}
            name={model}
            dataKey={(r: CostRow) => r.byModel[model] ?? null}
            stroke={style(i).color}
            strokeWidth={2}
            strokeDasharray={style(i).dash}
            dot={{ r: 2, fill: style(i).color }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      <ChartLegend
        items={[
          lines.length > 0
            ? { swatch: { kind: "line", color: COLORS.muted, width: 6 }, label: `All priced models (${currency} per output)` }
            : {
                swatch: { kind: "line", color: COLORS.text },
                label: `Cost per output (${currency})${only.length === 1 ? `, ${only[0]}` : ""}`,
              },
          ...lines.map((model, i) => ({ swatch: { kind: "line" as const, color: style(i).color, dash: style(i).dash }, label: model })),
        ]}
      />
    </div>
  );
}
