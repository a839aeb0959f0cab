import { requireActor, type Actor } from "../auth";
import type { Scope } from "../domain/scopes";
import { decisionSnapshot } from "../decision/decision-snapshot";
import { featureByKey, type FeatureConfig } from "../data/features";
import { notFound } from "../errors";
import { route } from "./respond";

// The route wrapper of the feature-scoped API routes (/api/v1/features/[key]/…), in the spirit of
// dub's `withWorkspace`: the key from the path, the actor with the scope the route needs, the
// feature or the one 404, and the error triage of `route` around all of it.

type FeatureParams = { params: Promise<{ key: string }> };

/**
 * A route reading one feature: the feature from the database, the actor checked against it (a key
 * limited to other features is refused before existence is told), then 404 for an unknown key.
 */
export function featureRoute(scope: Scope, handler: (ctx: { req: Request; feature: FeatureConfig; actor: Actor }) => Promise<Response>) {
  return route<FeatureParams>(async (req, { params }) => {
    const { key } = await params;
    const feature = await featureByKey(key);
    const actor = await requireActor(req, scope, feature?.id);
    if (!feature) throw notFound(`No feature with key "${key}"`);
    return handler({ req, feature, actor });
  });
}

/**
 * A route commanding one feature (pause, resume, advance, rollback): the actor is checked against
 * the decision snapshot's feature, so the kill switch still answers while the database is sick; the
 * command itself answers 404 for an unknown key (after the body is read, as before).
 */
export function featureCommandRoute(scope: Scope, handler: (ctx: { req: Request; key: string; actor: Actor }) => Promise<Response>) {
  return route<FeatureParams>(async (req, { params }) => {
    const { key } = await params;
    const actor = await requireActor(req, scope, (await decisionSnapshot()).features.get(key)?.id);
    return handler({ req, key, actor });
  });
}
