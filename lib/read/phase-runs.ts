import { db } from "../db";

// The phase timeline: every run of every phase, oldest first.

export interface PhaseRunRow {
  id: number;
  phaseKey: string;
  phaseName: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: "advanced" | "rolled_back" | null;
  startedBy: string;
}

export async function phaseTimeline(featureId: string): Promise<PhaseRunRow[]> {
  const [runs, phases] = await Promise.all([
    db.phaseRun.findMany({ where: { featureId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] }),
    db.phase.findMany({ where: { featureId }, select: { key: true, name: true } }),
  ]);
  const names = new Map(phases.map((p) => [p.key, p.name]));
  return runs.map((r) => ({
    id: r.id,
    phaseKey: r.phaseKey,
    phaseName: names.get(r.phaseKey) ?? r.phaseKey,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    outcome: r.outcome === "advanced" || r.outcome === "rolled_back" ? r.outcome : null,
    startedBy: r.startedBy,
  }));
}
