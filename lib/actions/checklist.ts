"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { saveChecklist } from "@/lib/data/checklists";
import { ZChecklistSave } from "@/lib/schemas/checklist";

export const saveChecklistAction = roleAction("admin", ZChecklistSave, async ({ feature, content }, user) => {
  const r = await saveChecklist(feature, content, userActor(user).label);
  return { feature: r.feature, audited: r.audited };
});
