import { requireApiKey } from "@/lib/auth";
import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { evaluateFlag } from "@/lib/data/decisions";
import { json } from "@/lib/http";
import { ofrepRoute, readOfrepContext } from "@/lib/ofrep";

export const dynamic = "force-dynamic";

// OFREP single flag evaluation: answered from the in-memory snapshot, no database read.
export const POST = ofrepRoute<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const snapshot = await decisionSnapshot();
  await requireApiKey(req, "evaluate", snapshot.features.get(key)?.id);
  const context = await readOfrepContext(req, key);
  const result = evaluateFlag(snapshot, key, context, Date.now());
  return json(result.body, result.status);
});
