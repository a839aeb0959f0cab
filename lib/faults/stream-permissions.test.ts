import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authSecret } from "../auth/secret";
import { revokeApiKey } from "../data/api-keys";
import { changeUserRole, createUser, setUserActive } from "../data/users";
import { givenFeature, givenKey } from "../testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "../testing/route-server";

// Permissions end streams: an open state stream runs on a key or a signed-in user; revoking the
// key, deactivating the user or changing their role closes it within a second (a reconnect is
// authorised afresh). And a page checks the session on the server, not only the proxy.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));

let app: RouteServer;

beforeAll(async () => {
  await givenFeature("stream-feature", "full");
  app = await serveRoutes(await liveLoopRoutes());
});

afterAll(() => app.close());

/** Opens the stream and resolves with the ms from `trigger()` to the stream's end (or rejects after 1 s). */
async function endsAfter(headers: Record<string, string>, trigger: () => Promise<unknown>): Promise<number> {
  const res = await fetch(`${app.url}/api/v1/stream`, { headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read(); // the greeting
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return performance.now();
  })();
  const t = performance.now();
  await trigger();
  const at = await Promise.race([
    ended,
    new Promise<number>((_, reject) => setTimeout(() => reject(new Error("the stream stayed open for 1 s")), 1000)),
  ]);
  return at - t;
}

const sessionCookie = async (uid: string) => `next-auth.session-token=${await encode({ token: { uid }, secret: authSecret() })}`;

describe("open streams end with their permission", () => {
  it("revoking the key closes its stream, and the reconnect is refused", async () => {
    const key = await givenKey(["read"]);
    const ms = await endsAfter({ authorization: `Bearer ${key}` }, () => revokeApiKey(key.slice(0, 10), "test"));
    expect(ms).toBeLessThan(1000);
    expect((await fetch(`${app.url}/api/v1/stream`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it("another key's stream stays open", async () => {
    const keep = await givenKey(["read"]);
    const other = await givenKey(["read"]);
    await expect(endsAfter({ authorization: `Bearer ${keep}` }, () => revokeApiKey(other.slice(0, 10), "test"))).rejects.toThrow(
      /stayed open/,
    );
  });

  it("deactivating the user closes their stream, and the reconnect is refused", async () => {
    const user = (await createUser({ email: "streamer@example.com", password: "streamer-password-1", role: "viewer" }, "test"))!;
    const cookie = await sessionCookie(user.id);
    const ms = await endsAfter({ cookie }, () => setUserActive(user.id, false, "test"));
    expect(ms).toBeLessThan(1000);
    expect((await fetch(`${app.url}/api/v1/stream`, { headers: { cookie } })).status).toBe(401);
  });

  it("changing the user's role closes their stream (authorised afresh on reconnect)", async () => {
    const user = (await createUser({ email: "operator-streamer@example.com", password: "streamer-password-2", role: "operator" }, "test"))!;
    const cookie = await sessionCookie(user.id);
    expect(await endsAfter({ cookie }, () => changeUserRole(user.id, "viewer", "test"))).toBeLessThan(1000);
    expect((await fetch(`${app.url}/api/v1/stream`, { headers: { cookie } })).status).toBe(200);
  });
});

describe("pages check the session on the server", () => {
  it("the overview page sends a deactivated user to sign in, whatever the proxy let through", async () => {
    const { default: OverviewPage } = await import("../../app/page");
    const user = (await createUser({ email: "gone@example.com", password: "gone-password-1", role: "viewer" }, "test"))!;
    session.uid = user.id;
    await expect(OverviewPage()).resolves.toBeTruthy();
    await setUserActive(user.id, false, "test");
    await expect(OverviewPage()).rejects.toThrow(/NEXT_REDIRECT/);
  });
});
