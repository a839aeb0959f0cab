"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { createWebhook, deleteChannel, sendTestNotification, setChannelEnabled } from "@/lib/data/webhooks";
import { notFound } from "@/lib/errors";
import { ZChannelEnabled, ZChannelId, ZNewChannel } from "@/lib/schemas/channels";

const revalidate = ["/admin/channels"];

/** Adds a channel; a generic webhook's signing secret comes back once. */
export const createChannelAction = roleAction(
  "admin",
  ZNewChannel,
  async (c, user) => {
    const feature = c.feature ? await featureByKey(c.feature) : null;
    if (c.feature && !feature) throw notFound(`No feature with key "${c.feature}"`);
    const w = await createWebhook(
      { name: c.name, kind: c.kind, url: c.url, emailTo: c.emailTo, featureId: feature?.id ?? null, events: c.events },
      userActor(user).label,
    );
    return { id: w.id, name: w.name, kind: w.kind, secret: w.kind === "webhook" ? w.secret : null };
  },
  { revalidate },
);

export const testChannelAction = roleAction(
  "admin",
  ZChannelId,
  async ({ id }, user) => ({ deliveryId: await sendTestNotification(id, userActor(user).label) }),
  { revalidate },
);

export const setChannelEnabledAction = roleAction(
  "admin",
  ZChannelEnabled,
  async ({ id, enabled }, user) => {
    await setChannelEnabled(id, enabled, userActor(user).label);
    return { id, enabled };
  },
  { revalidate },
);

export const deleteChannelAction = roleAction(
  "admin",
  ZChannelId,
  async ({ id }, user) => {
    await deleteChannel(id, userActor(user).label);
    return { id };
  },
  { revalidate },
);
