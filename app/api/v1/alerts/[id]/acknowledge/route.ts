import { requireActor } from "@/lib/auth";
import { acknowledgeAlert } from "@/lib/use-cases/acknowledge-alert";
import { alertById } from "@/lib/read/alerts";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const POST = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => {
  const { id } = await params;
  const alert = await alertById(id);
  const actor = await requireActor(req, "operate", alert?.featureId);
  if (!alert) throw notFound(`No alert with id "${id}"`);
  return json(await acknowledgeAlert(id, actor.label));
});
