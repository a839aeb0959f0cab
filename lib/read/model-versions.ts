import { dbReady, Prisma } from "../db";
import type { ModelVersionRow } from "../domain/model-filter";
import { readRows } from "../store/raw-sql";

// The model versions a feature's outputs named, with their first sighting (ModelVersion: one row
// per feature and model, kept by ingest with the earliest minute; lib/store/postgres/model-rollup.ts).

export async function modelVersions(featureId: string): Promise<ModelVersionRow[]> {
  await dbReady();
  const rows = await readRows<{ model: string; minute: number; phase: string }>(
    Prisma.sql`SELECT "model", "minute", "phase" FROM "ModelVersion" WHERE "featureId" = ${featureId} ORDER BY "minute" DESC, "model"`,
  );
  return rows.map((r) => ({ model: String(r.model), minute: Number(r.minute), phase: String(r.phase) }));
}
