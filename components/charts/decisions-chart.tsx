"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { MinuteCounts } from "@/lib/domain/proof";
import { count } from "@/lib/format/numbers";
import { formatTick } from "@/lib/format/time";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { useViewerTimeZone } from "@/components/ui/use-time-zone";
import { AXIS_TICK, COLORS } from "./palette";

/** "14:05" in the viewer's zone. */
const hhmm = (minute: number, timeZone: string) => formatTick(minute, "minute", timeZone);

/** Decisions served per minute by outcome (AI at the bottom), with the last pause or resume marked. */
export function DecisionsChart({
  rows,
  changeMinute,
  changeLabel,
}: {
  rows: MinuteCounts[];
  changeMinute: number | null;
  changeLabel: string;
}) {
  const zone = useViewerTimeZone();
  return (
    <div>
      <BarChart responsive style={{ width: "100%", height: 200 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="minute" tick={AXIS_TICK} tickFormatter={(m: number) => hhmm(m, zone)} minTickGap={24} />
        <YAxis tick={AXIS_TICK} allowDecimals={false} width={44} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: "#f1f5f9" }}
          content={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as MinuteCounts | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={`${hhmm(r.minute, zone)} (${zone})`}
                rows={[
                  ["AI answer", count(r.ai)],
                  ["Fallback", count(r.fallback)],
                  ["Disabled (paused)", count(r.disabled)],
                ]}
              />
            );
          }}
        />
        {changeMinute !== null && (
          <ReferenceLine
            x={changeMinute}
            stroke={COLORS.text}
            strokeDasharray="4 3"
            label={{ value: changeLabel, position: "insideTopRight", fontSize: 12, fill: COLORS.text }}
          />
        )}
        <Bar dataKey="ai" stackId="d" fill={COLORS.accuracy} isAnimationActive={false} />
        <Bar dataKey="fallback" stackId="d" fill={COLORS.other} isAnimationActive={false} />
        <Bar dataKey="disabled" stackId="d" fill={COLORS.neutral} isAnimationActive={false} />
      </BarChart>
      <ChartLegend
        items={[
          { swatch: { kind: "bar", color: COLORS.accuracy }, label: "AI answer (bottom)" },
          { swatch: { kind: "bar", color: COLORS.other }, label: "fallback (outside audience or threshold)" },
          { swatch: { kind: "bar", color: COLORS.neutral }, label: "disabled: paused (top)" },
        ]}
      />
    </div>
  );
}
