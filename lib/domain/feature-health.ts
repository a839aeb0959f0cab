import { MIN_SAMPLE } from "./chart-rows";
import type { Rate } from "./stats";

// A feature's health at a glance and the order of the overview: trouble on top.

export type Health = "alerting" | "failing" | "paused" | "watch" | "healthy" | "no-data" | "completed";

export const HEALTH_LABELS: Record<Health, string> = {
  alerting: "Open alerts",
  failing: "Below floor",
  paused: "Paused",
  watch: "Watch",
  healthy: "Healthy",
  "no-data": "No labels yet",
  completed: "Completed",
};

const ORDER: Health[] = ["alerting", "failing", "paused", "watch", "healthy", "no-data", "completed"];

export interface HealthInput {
  state: string;
  accuracy: Rate;
  /** the current phase's accuracy floor, if any */
  floor: number | null;
  openAlerts: number;
  criticalTickets: number;
}

/**
 * Statistics that do not cry wolf: "failing" needs the whole interval below the floor and enough
 * labels; a point estimate below it (or any critical ticket) is only "watch".
 */
export function featureHealth(h: HealthInput, minN = MIN_SAMPLE): Health {
  if (h.state === "completed") return "completed";
  if (h.openAlerts > 0) return "alerting";
  const a = h.accuracy;
  if (h.floor !== null && a.n >= minN && a.upper < h.floor) return "failing";
  if (h.state === "paused") return "paused";
  if (h.floor !== null && a.value !== null && a.value < h.floor) return "watch";
  if (h.criticalTickets > 0) return "watch";
  if (a.n === 0) return "no-data";
  return "healthy";
}

/** Trouble first; within a group, the lowest accuracy bound first, then by name. */
export function byTrouble<T extends { health: Health; accuracy: Rate; name: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      ORDER.indexOf(a.health) - ORDER.indexOf(b.health) ||
      (a.accuracy.n > 0 ? a.accuracy.lower : 2) - (b.accuracy.n > 0 ? b.accuracy.lower : 2) ||
      a.name.localeCompare(b.name),
  );
}
