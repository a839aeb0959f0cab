"use client";

import { Bar, BarChart, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import type { PresentationRow } from "@/lib/domain/chart-rows";
import { count, percent } from "@/lib/format/numbers";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** The four ways an answer reached the user, stacked per interval, in a fixed order from plain to fallback. */
export const PRESENTATION_SERIES = [
  { key: "plain", label: "shown plainly", color: COLORS.accuracy },
  { key: "flagged", label: "shown flagged as low-confidence", color: COLORS.confidence },
  { key: "asked", label: "asked the user instead", color: COLORS.other },
  { key: "fallback", label: "fell back to the non-AI version", color: COLORS.neutral },
] as const;

export function PresentationChart({ rows, interval, timeZone }: { rows: PresentationRow[]; interval: Interval; timeZone?: string }) {
  return (
    <div>
      <BarChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as PresentationRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={PRESENTATION_SERIES.map((s) => [
                  s.label[0]!.toUpperCase() + s.label.slice(1),
                  `${count(r[s.key])}${r.total > 0 ? ` (${percent(r[s.key] / r.total)})` : ""}`,
                ])}
              />
            );
          }}
        >
          <YAxis tick={AXIS_TICK} tickFormatter={(v: number) => count(v)} width={48} allowDecimals={false} />
        </TimeChartFrame>
        {PRESENTATION_SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} stackId="presentation" fill={s.color} name={s.label} isAnimationActive={false} />
        ))}
      </BarChart>
      <ChartLegend items={PRESENTATION_SERIES.map((s) => ({ swatch: { kind: "bar" as const, color: s.color }, label: s.label }))} />
    </div>
  );
}
