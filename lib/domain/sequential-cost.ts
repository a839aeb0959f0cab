import { arlInControl } from "./cusum";
import { simulateDelays } from "./cusum-simulation";
import { quantile } from "./quantile";
import {
  DAY_MINUTES,
  designSlice,
  MINUTES_PER_30D,
  sliceId,
  sliceLabel,
  slicesOn,
  type CellCount,
  type SequentialRule,
} from "./sequential-rule";

// What a sequential rule costs at a feature's own traffic, before it is saved: per slice, the
// false alarms per 30 days it is expected to raise (the ARL approximation the thresholds are set
// by, checked against simulation in the tests) and how long it takes to notice a 5- and a
// 10-point drop (a Monte Carlo of the same detectors on the slice's traffic rate).

export interface SliceCost {
  slice: string;
  label: string;
  /** trials per minute in the baseline days */
  perMinute: number;
  normal: number;
  falseAlarmsPer30d: number;
  /** median simulated minutes to detect; null when it did not within a day in most runs */
  delay5: number | null;
  delay10: number | null;
}

export interface RuleCost {
  slices: SliceCost[];
  falseAlarmsPer30d: number;
}

const CAP = DAY_MINUTES;

export function sequentialCost(rule: SequentialRule, days: CellCount[], now: number, runs = 60): RuleCost {
  const day = Math.floor(now / 60_000 / DAY_MINUTES);
  const slices = slicesOn(rule, days, day);
  const out: SliceCost[] = [];
  for (const [i, slice] of slices.entries()) {
    const d = designSlice(rule, days, slice, day, slices.length);
    if (!d) continue;
    const fa = d.designs.reduce((s, x) => s + MINUTES_PER_30D / arlInControl(x.design, d.perMinute, x.h), 0);
    const delay = (step: number, seed: number) => {
      const p = rule.signal === "critical_tickets" ? Math.min(0.95, d.p0 * (step === 0.05 ? 2 : 5)) : Math.min(0.99, d.p0 + step);
      const xs = simulateDelays(d.designs, d.perMinute, p, runs, CAP, seed);
      const median = quantile(xs, 0.5)!;
      return median >= CAP ? null : median;
    };
    out.push({
      slice: sliceId(slice),
      label: sliceLabel(slice),
      perMinute: d.perMinute,
      normal: d.p0,
      falseAlarmsPer30d: fa,
      delay5: delay(0.05, 1000 + i),
      delay10: delay(0.1, 2000 + i),
    });
  }
  return { slices: out, falseAlarmsPer30d: out.reduce((s, x) => s + x.falseAlarmsPer30d, 0) };
}
