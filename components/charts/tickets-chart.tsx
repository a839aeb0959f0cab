"use client";

import { Bar, BarChart, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import type { TicketRow } from "@/lib/domain/chart-rows";
import { count } from "@/lib/format/numbers";
import { formatPeriod } from "@/lib/format/time";
import { TimeChartFrame } from "./chart-frame";
import { TooltipBox } from "./chart-tooltip";
import { ChartLegend } from "./legend";
import { AXIS_TICK, COLORS } from "./palette";

/** Ticket mentions per interval, critical ones stacked at the bottom in a dark, hatched bar. */
export function TicketsChart({ rows, interval, timeZone }: { rows: TicketRow[]; interval: Interval; timeZone?: string }) {
  return (
    <div>
      <BarChart responsive style={{ width: "100%", height: 220 }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <defs>
          <pattern id="critical-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={COLORS.danger} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#7c2d12" strokeWidth="2" />
          </pattern>
        </defs>
        <TimeChartFrame
          interval={interval}
          timeZone={timeZone}
          cursor={{ fill: "#f1f5f9" }}
          tooltip={({ active, payload }) => {
            const r = active ? (payload?.[0]?.payload as TicketRow | undefined) : undefined;
            if (!r) return null;
            return (
              <TooltipBox
                title={formatPeriod(r.start, interval, timeZone)}
                rows={[
                  ["Critical", count(r.critical)],
                  ["Other", count(r.other)],
                ]}
              />
            );
          }}
        >
          <YAxis tick={AXIS_TICK} allowDecimals={false} width={40} />
        </TimeChartFrame>
        <Bar dataKey="critical" stackId="t" fill="url(#critical-hatch)" isAnimationActive={false} />
        <Bar dataKey="other" stackId="t" fill={COLORS.other} isAnimationActive={false} />
      </BarChart>
      <ChartLegend
        items={[
          { swatch: { kind: "bar", color: COLORS.danger }, label: "critical (bottom, hatched)" },
          { swatch: { kind: "bar", color: COLORS.other }, label: "other severities" },
        ]}
      />
    </div>
  );
}
