import { db, writeTransaction } from "../db";
import { PLAN_TEMPLATES } from "../domain/plan-templates";
import { AppError, notFound } from "../errors";
import type { NewFeatureInput } from "../schemas/feature";
import type { z } from "zod";
import type { ZFeatureUpdate } from "../schemas/feature";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";
import { createFeature, type FeatureConfig } from "./features";
import { ensureSegments } from "./segments";

// Feature set-up by an admin: create from a plan template by stakes, edit the details.

/**
 * Creates a feature with the template's plan, in its first phase (or `options.phase`, a phase of
 * that plan); missing template segments are created. The admin form and the CLI both call this.
 */
export async function createFeatureFromTemplate(input: NewFeatureInput, actor: string, options: { phase?: string } = {}): Promise<FeatureConfig> {
  if (await db.feature.findUnique({ where: { key: input.key }, select: { id: true } })) {
    throw new AppError("feature_exists", 409, `A feature with key "${input.key}" already exists`);
  }
  const template = PLAN_TEMPLATES[input.template ?? input.stakes];
  const phases = template.plan.map((p) => p.key);
  if (options.phase !== undefined && !phases.includes(options.phase)) {
    throw new AppError("unknown_phase", 400, `The ${template.stakes}-stakes plan has no phase "${options.phase}" (its phases: ${phases.join(", ")})`);
  }
  await writeTransaction((tx) => ensureSegments(tx, template.segments, actor));
  const plan = structuredClone(template.plan);
  return createFeature(
    { key: input.key, name: input.name, description: input.description, stakes: input.stakes, owner: input.owner, fallback: input.fallback, plan, currentPhase: options.phase ?? plan[0]!.key },
    actor,
  );
}

type FeatureUpdate = z.infer<typeof ZFeatureUpdate>;

export async function updateFeatureDetails(input: FeatureUpdate, actor: string) {
  const { feature: key, ...details } = input;
  await commitChange(async (tx) => {
    const before = await tx.feature.findUnique({ where: { key } });
    if (!before) throw notFound(`No feature with key "${key}"`);
    const was = { name: before.name, description: before.description, stakes: before.stakes, owner: before.owner, fallback: before.fallback };
    await tx.feature.update({ where: { key }, data: details });
    await audit(tx, { actor, action: "feature.update", target: key, before: was, after: details });
    await recordChange(tx, { featureKey: key, type: "feature_changed", payload: { details: true } });
  });
  return { feature: key, ...details };
}
