"use client";

import type { ComponentProps, ReactNode } from "react";
import { CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { Interval } from "@/lib/domain/buckets";
import { percentTicks } from "@/lib/domain/chart-rows";
import { percentTick } from "@/lib/format/rate";
import { formatTick } from "@/lib/format/time";
import { AXIS_TICK, COLORS } from "./palette";

type TooltipProps = ComponentProps<typeof Tooltip>;

/**
 * The frame the time-series charts share, placed inside a recharts chart: horizontal grid lines, the
 * time axis on `start` (ticks in the viewer's time zone), a percent axis from `percentFrom` to 100 %
 * when given (else the chart's own y axes as children), and a tooltip without animation.
 */
export function TimeChartFrame({
  interval,
  timeZone,
  percentFrom,
  tooltip,
  cursor,
  children,
}: {
  interval: Interval;
  timeZone?: string;
  percentFrom?: number;
  tooltip: TooltipProps["content"];
  cursor?: TooltipProps["cursor"];
  children?: ReactNode;
}) {
  return (
    <>
      <CartesianGrid stroke={COLORS.grid} vertical={false} />
      <XAxis dataKey="start" tick={AXIS_TICK} tickFormatter={(v: number) => formatTick(v, interval, timeZone)} minTickGap={24} />
      {percentFrom === undefined ? null : (
        <YAxis
          domain={[percentFrom, 1]}
          ticks={percentTicks(percentFrom)}
          tick={AXIS_TICK}
          tickFormatter={percentTick}
          width={48}
          allowDataOverflow
        />
      )}
      {children}
      <Tooltip isAnimationActive={false} {...(cursor === undefined ? {} : { cursor })} content={tooltip} />
    </>
  );
}
