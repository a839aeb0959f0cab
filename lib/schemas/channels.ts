import { z } from "zod";

// Notification channels, as the admin page's form and the CLI send them.

const asList = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);
export const CHANNEL_EVENTS = ["alert.opened", "alert.resolved", "feature.paused", "feature.resumed", "review.digest"] as const;

export const ZNewChannel = z
  .object({
    name: z.string().trim().min(1, "Give the channel a name").max(100, "At most 100 characters"),
    kind: z.enum(["slack", "webhook", "email"]),
    url: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((v) => v || null),
    emailTo: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .transform((v) => v || null),
    /** a feature key, or empty for every feature */
    feature: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => v || null),
    events: z.preprocess(asList, z.array(z.enum(CHANNEL_EVENTS)).min(1, "Choose at least one event")),
  })
  .superRefine((c, ctx) => {
    if (c.kind === "email") {
      const addresses = (c.emailTo ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean);
      if (addresses.length === 0 || addresses.some((a) => !z.string().email().safeParse(a).success))
        ctx.addIssue({ code: "custom", path: ["emailTo"], message: "One or more email addresses, separated by commas" });
    } else if (!c.url || !/^https?:\/\/[^\s]+$/.test(c.url)) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "An http(s) URL, e.g. https://hooks.slack.com/services/…" });
    }
  });
export type NewChannel = z.output<typeof ZNewChannel>;

export const ZChannelId = z.object({ id: z.string().trim().min(1).max(64) });
export const ZChannelEnabled = z.object({ id: z.string().trim().min(1).max(64), enabled: z.boolean() });
