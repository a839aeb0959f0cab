import { db, writeTransaction } from "../db";
import { AppError, notFound } from "../errors";
import { EMPTY_CHECKLIST, ZChecklistContent, type ChecklistContent } from "../schemas/checklist";
import { audit } from "./audit";

// The readiness checklist, written before the rollout. Before any production traffic it is a
// draft and edits are not audited; once the rollout has started (the feature has outputs, or has
// left its first phase) every edit is an audit event with before and after.

export async function checklistOf(featureId: string): Promise<ChecklistContent> {
  const row = await db.readinessChecklist.findUnique({ where: { featureId } });
  if (!row) return structuredClone(EMPTY_CHECKLIST);
  const parsed = ZChecklistContent.safeParse(JSON.parse(row.content));
  return parsed.success ? parsed.data : structuredClone(EMPTY_CHECKLIST);
}

export async function checklistUpdatedAt(featureId: string): Promise<Date | null> {
  return (await db.readinessChecklist.findUnique({ where: { featureId }, select: { updatedAt: true } }))?.updatedAt ?? null;
}

/** True once the feature has served production traffic or left its first phase. */
export async function rolloutStarted(featureId: string): Promise<boolean> {
  const feature = await db.feature.findUnique({ where: { id: featureId }, select: { currentPhaseId: true } });
  if (!feature) return false;
  const current = feature.currentPhaseId ? await db.phase.findUnique({ where: { id: feature.currentPhaseId }, select: { position: true } }) : null;
  if ((current?.position ?? 0) > 0) return true;
  return (await db.output.findFirst({ where: { featureId }, select: { id: true } })) !== null;
}

export async function saveChecklist(featureKey: string, content: ChecklistContent, actor: string) {
  const feature = await db.feature.findUnique({ where: { key: featureKey }, select: { id: true } });
  if (!feature) throw notFound(`No feature with key "${featureKey}"`);
  const started = await rolloutStarted(feature.id);
  const before = await checklistOf(feature.id);
  // A sign-off keeps the name of whoever recorded it first; new ones get the current user.
  const signOffs = content.signOffs.map((s) => {
    const existing = before.signOffs.find((b) => b.role === s.role && b.name === s.name && b.at === s.at);
    return { ...s, recordedBy: existing?.recordedBy ?? actor };
  });
  if (new Set(signOffs.map((s) => s.role)).size !== signOffs.length) {
    throw new AppError("duplicate_sign_off", 400, "Each role signs off once; remove the repeated role");
  }
  const after: ChecklistContent = { ...content, signOffs };
  await writeTransaction(async (tx) => {
    const json = JSON.stringify(after);
    await tx.readinessChecklist.upsert({ where: { featureId: feature.id }, create: { featureId: feature.id, content: json }, update: { content: json } });
    if (started) await audit(tx, { actor, action: "checklist.update", target: featureKey, before, after });
  });
  return { feature: featureKey, audited: started, content: after };
}
