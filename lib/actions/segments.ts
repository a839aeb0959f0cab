"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { createSegment, deleteSegment, updateSegment } from "@/lib/data/segments";
import { ZSegment, ZSegmentDelete } from "@/lib/schemas/segments";

const revalidate = ["/segments"];

export const createSegmentAction = roleAction("admin", ZSegment, (input, user) => createSegment(input, userActor(user).label), {
  revalidate,
});
export const updateSegmentAction = roleAction("admin", ZSegment, (input, user) => updateSegment(input, userActor(user).label), {
  revalidate,
});
export const deleteSegmentAction = roleAction("admin", ZSegmentDelete, ({ key }, user) => deleteSegment(key, userActor(user).label), {
  revalidate,
});
