"use client";

import { useId } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestChartData } from "@/lib/domain/backtest-chart";
import type { Interval } from "@/lib/domain/buckets";
import { percentTicks, type RateRow } from "@/lib/domain/chart-rows";
import { count, millis, money, percent } from "@/lib/format/numbers";
import { percentTick } from "@/lib/format/rate";
import { formatPeriod, formatTick } from "@/lib/format/time";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** The shaped backtest (lib/domain/backtest-chart.ts: alerts, watch stretches, domain in epoch minutes) and how to draw it. */
export interface BacktestChartProps extends BacktestChartData {
  /** bucket size of the rows, for tooltips */
  interval: Interval;
  /** how axis ticks are labelled ("day": dates, "hour": date and time) */
  tickInterval: Interval;
  minSample: number;
  timeZone?: string;
  height?: number;
}

/** Okabe–Ito reddish purple: the thumbs-down share, apart from the vermillion of alerts and the ceiling. */
const THUMBS_DOWN = "#CC79A7";
/** Okabe–Ito bluish green: a latency or cost figure. */
const FIGURE = "#009E73";

/** How each measure is named, coloured, formatted and counted (rates have a 95 % band; figures do not). */
function measureStyle(measure: BacktestChartData["measure"], currency: string | null | undefined) {
  switch (measure) {
    case "thumbs_down":
      return {
        name: "Thumbs down",
        series: "Thumbs-down share",
        color: THUMBS_DOWN,
        line: "ceiling",
        unit: "thumbs",
        none: "no thumbs",
        rate: true,
        format: (v: number) => percent(v),
      };
    case "latency":
      return {
        name: "p95 latency",
        series: "p95 latency",
        color: FIGURE,
        line: "ceiling",
        unit: "timed outputs",
        none: "no timed outputs",
        rate: false,
        format: millis,
      };
    case "cost":
      return {
        name: "Cost per output",
        series: "Cost per output",
        color: FIGURE,
        line: "limit",
        unit: "priced outputs",
        none: "no priced outputs",
        rate: false,
        format: (v: number) => money(v, currency),
      };
    default:
      return {
        name: "Accuracy",
        series: "Accuracy",
        color: COLORS.accuracy,
        line: "floor",
        unit: "labels",
        none: "no labels",
        rate: true,
        format: (v: number) => percent(v),
      };
  }
}

/** Hatched vermillion with a solid outline, as on the feature page's accuracy chart: an alert period. */
function AlertShape(props: { x?: number; y?: number; width?: number; height?: number; pattern?: string }) {
  const { x = 0, y = 0, width = 0, height = 0, pattern } = props;
  return <rect x={x} y={y} width={Math.max(width, 3)} height={height} fill={`url(#${pattern})`} stroke={COLORS.danger} strokeWidth={1.5} />;
}

/** Dotted orange with a dashed outline: "watch" reads differently from an alert without colour. */
function WatchShape(props: { x?: number; y?: number; width?: number; height?: number; pattern?: string }) {
  const { x = 0, y = 0, width = 0, height = 0, pattern } = props;
  return (
    <rect
      x={x}
      y={y}
      width={Math.max(width, 1)}
      height={height}
      fill={`url(#${pattern})`}
      stroke={COLORS.confidence}
      strokeDasharray="3 2"
    />
  );
}

/** The rule's signal (accuracy, the thumbs-down share, p95 latency or the cost per output) over the backtest range with the periods a rule would have alerted (solid) or watched (hatched). */
export function BacktestChart({
  rows,
  alerts,
  watch,
  domain,
  yMin,
  yMax,
  measure,
  currency,
  ticks,
  floor,
  interval,
  tickInterval,
  minSample,
  timeZone,
  height = 300,
}: BacktestChartProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const alertPattern = `backtest-alert-${id}`;
  const watchPattern = `backtest-watch-${id}`;
  const style = measureStyle(measure, currency);
  const { name, color, format } = style;
  const lineName = style.line;
  // a ceiling sits near the top of its axis: its label goes above the line; a floor's below
  const labelAbove = measure !== "accuracy";
  const yTicks = ticks ?? percentTicks(yMin, yMax);
  return (
    <div>
      <ComposedChart responsive style={{ width: "100%", height }} data={rows} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
        <defs>
          <pattern id={alertPattern} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={COLORS.danger} fillOpacity={0.08} />
            <line x1="0" y1="0" x2="0" y2="6" stroke={COLORS.danger} strokeWidth="1.5" strokeOpacity={0.5} />
          </pattern>
          <pattern id={watchPattern} width="4" height="4" patternUnits="userSpaceOnUse">
            <circle cx="2" cy="2" r="1" fill={COLORS.confidence} />
          </pattern>
        </defs>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis
          dataKey="start"
          type="number"
          domain={domain}
          allowDataOverflow
          tick={AXIS_TICK}
          tickFormatter={(v: number) => formatTick(v, tickInterval, timeZone)}
          minTickGap={32}
        />
        <YAxis
          domain={[yMin, yMax]}
          ticks={yTicks}
          tick={AXIS_TICK}
          tickFormatter={style.rate ? percentTick : format}
          width={style.rate ? 48 : 64}
          allowDataOverflow
        />
        {/* watch as a strip along the bottom, alerts at full height: both readable over a month */}
        {watch.map((w) => (
          <ReferenceArea
            key={`w${w.x1}`}
            x1={w.x1}
            x2={w.x2}
            y1={yMin}
            y2={yMin + (yMax - yMin) * 0.07}
            ifOverflow="hidden"
            shape={<WatchShape pattern={watchPattern} />}
          />
        ))}
        {alerts.map((a, i) => (
          <ReferenceArea
            key={`a${a.x1}`}
            x1={a.x1}
            x2={a.x2}
            ifOverflow="hidden"
            shape={<AlertShape pattern={alertPattern} />}
            label={
              alerts.length <= 4
                ? { value: `Alert ${i + 1}`, position: "insideTop", fill: COLORS.danger, fontSize: 12, fontWeight: 600 }
                : undefined
            }
          />
        ))}
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as RateRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={
                  r.value === null
                    ? [[name, style.none]]
                    : [
                        [name, format(r.value)],
                        ...(r.band ? [["95 % interval", `${percent(r.band[0])}–${percent(r.band[1])}`] as [string, string]] : []),
                        [style.unit[0].toUpperCase() + style.unit.slice(1), `n=${count(r.n)}${r.n < minSample ? " (small)" : ""}`],
                      ]
                }
              />
            );
          }}
        />
        <Area
          dataKey="solidBand"
          stroke="none"
          fill={color}
          fillOpacity={0.18}
          isAnimationActive={false}
          connectNulls={false}
          activeDot={false}
        />
        <Line dataKey="solid" stroke={color} strokeWidth={1.5} dot={false} connectNulls={false} isAnimationActive={false} />
        <Line
          dataKey="sparse"
          stroke="none"
          dot={{ r: 3, fill: "#fff", stroke: color, strokeWidth: 1.5, strokeDasharray: "2 1.5" }}
          activeDot={{ r: 4, fill: "#fff", stroke: color }}
          isAnimationActive={false}
        />
        {floor !== null && (
          <ReferenceLine
            y={floor}
            stroke={COLORS.danger}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            label={{
              value: `${lineName} ${style.rate ? percent(floor, 0) : format(floor)}`,
              position: labelAbove ? "insideTopLeft" : "insideBottomLeft",
              fill: COLORS.danger,
              fontSize: 12,
            }}
          />
        )}
      </ComposedChart>
      <ChartLegend
        items={[
          { swatch: { kind: "line", color }, label: `${style.series} per ${interval}, n ≥ ${minSample}` },
          {
            swatch: { kind: "dot", color, hollow: true },
            label: `fewer than ${minSample} ${style.unit}`,
          },
          ...(style.rate ? [{ swatch: { kind: "band" as const, color }, label: "95 % interval" }] : []),
          ...(floor !== null
            ? [
                {
                  swatch: { kind: "line" as const, color: COLORS.danger, dash: "6 4" },
                  label: `${lineName} ${style.rate ? percent(floor, 0) : format(floor)}`,
                },
              ]
            : []),
        ]}
      />
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <li className="flex items-center gap-1.5">
          <svg width="22" height="12" aria-hidden="true">
            <rect x="1" y="1" width="20" height="10" fill={`url(#${alertPattern})`} stroke={COLORS.danger} strokeWidth="1.5" />
          </svg>
          would have alerted (hatched, full height)
        </li>
        <li className="flex items-center gap-1.5">
          <svg width="22" height="12" aria-hidden="true">
            <rect x="1" y="1" width="20" height="10" fill={`url(#${watchPattern})`} stroke={COLORS.confidence} strokeDasharray="3 2" />
          </svg>
          watch: past the line, not enough evidence yet (dotted strip)
        </li>
      </ul>
    </div>
  );
}
