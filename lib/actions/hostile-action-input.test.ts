import { beforeAll, describe, expect, it, vi } from "vitest";

// Server actions given what an attacker or a broken client sends, each refused with its 4xx in the
// action's result (what the form shows). The session lookup is mocked as in
// app/authorization-matrix.test.ts; the guard, zod and the data layer are real.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { createChannelAction } from "./channels";
import { signOffWeekAction } from "./review";
import { createUser } from "../data/users";
import { env } from "../env";
import { givenFeature } from "../testing/fixtures";

beforeAll(async () => {
  env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = undefined;
  await givenFeature("hostile-actions", "full");
  session.uid = (await createUser({ email: "hostile-admin@example.com", password: "admin-password-1", role: "admin" }, "test"))!.id;
});

describe("weekly sign-off", () => {
  it.each([
    ["week 0 (1970)", 0],
    ["8.64e15 (beyond year 9999)", 8.64e15],
    ["2^53 − 1", Number.MAX_SAFE_INTEGER],
  ])("%s → 400 invalid_request on the week", async (_, week) => {
    const r = await signOffWeekAction({ featureKey: "hostile-actions", week, note: "" });
    expect(r).toMatchObject({ ok: false, error: { status: 400, code: "invalid_request", fields: { week: expect.any(String) } } });
  });

  it("a week that has not begun → 400 week_in_future; this week is signed off", async () => {
    const future = await signOffWeekAction({ featureKey: "hostile-actions", week: Date.now() + 8 * 86_400_000, note: "" });
    expect(future).toMatchObject({ ok: false, error: { status: 400, code: "week_in_future" } });
    expect((await signOffWeekAction({ featureKey: "hostile-actions", week: Date.now(), note: "" })).ok).toBe(true);
  });
});

describe("channels made in the form", () => {
  const form = (fields: Record<string, string | string[]>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
    return f;
  };

  it("can subscribe to review.digest", async () => {
    const r = await createChannelAction(
      form({ name: "digest", kind: "slack", url: "https://hooks.slack.com/services/T/B/D", events: ["review.digest"] }),
    );
    expect(r.ok).toBe(true);
  });

  it.each(["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:6379/", "http://localhost/hook", "http://[::1]:3000/"])(
    "refuses %s with a message on the URL field",
    async (url) => {
      const r = await createChannelAction(form({ name: "internal", kind: "webhook", url, events: ["feature.paused"] }));
      expect(r).toMatchObject({
        ok: false,
        error: { status: 400, fields: { url: expect.stringContaining("ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS") } },
      });
    },
  );
});
