import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCookies } from "../auth";
import { authSecret, streamTokenSecret } from "../auth/secret";
import { createApiKey } from "../data/api-keys";
import { commitChange, recordChange } from "../data/change-feed";
import { createUser } from "../data/users";
import { DECISION_ROUTES } from "../decision/routes";
import { issueStreamToken } from "../domain/stream-token";
import { givenFeature } from "../testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "../testing/route-server";

// What an attacker tried (issue 25), each answered with its 4xx: a cookie that is not
// percent-encoding, a Last-Event-ID beyond the newest change, a forged X-Forwarded-Host in front of
// a server key. On the app's routes and on the lean decision listener alike.

let app: RouteServer;
let lean: RouteServer;
let key: string;
let keyId: string;
let session: string;

beforeAll(async () => {
  await givenFeature("hostile", "full");
  const created = await createApiKey({ name: "hostile", scopes: ["evaluate", "read"], actor: "test" });
  key = created.key;
  keyId = created.identity.id;
  const uid = (await createUser({ email: "hostile-op@example.com", password: "operator-password-1", role: "operator" }, "test"))!.id;
  session = await encode({ token: { uid }, secret: authSecret() });
  await commitChange((tx) => recordChange(tx, { featureKey: "hostile", type: "feature_changed" }));
  app = await serveRoutes(await liveLoopRoutes());
  lean = await serveRoutes(DECISION_ROUTES, { maxBodyBytes: 64 * 1024, lite: true });
});

afterAll(async () => {
  await app.close();
  await lean.close();
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const servers = [
  ["the app", () => app.url],
  ["the decision listener", () => lean.url],
] as const;

describe("cookies that are not percent-encoding", () => {
  it("parseCookies keeps such a value as sent and reads the others", () => {
    const c = parseCookies("next-auth.session-token=abc; x=50%off; y=%E2%9C%93; broken; =v; x=second");
    expect(c.get("next-auth.session-token")).toBe("abc");
    expect(c.get("x")).toBe("50%off");
    expect(c.get("y")).toBe("✓");
    expect(c.size).toBe(3);
  });

  it("a valid session beside `x=50%off` still signs in; a bad one is 401 — never 503 database_unavailable", async () => {
    const alerts = (cookie: string) => fetch(`${app.url}/api/v1/features/hostile/alerts`, { headers: { cookie } });
    expect((await alerts(`next-auth.session-token=${session}; x=50%off`)).status).toBe(200);
    const bad = await alerts("next-auth.session-token=%E0%A4%A; x=50%off");
    expect(bad.status).toBe(401);
    expect(await errorOf(bad)).toBe("unauthorized");
  });
});

describe("Last-Event-ID beyond the newest change", () => {
  it.each(servers)("on %s → 400 invalid_last_event_id, not a stream that never hears a pause", async (_, base) => {
    const res = await fetch(`${base()}/api/v1/stream`, { headers: { authorization: `Bearer ${key}`, "last-event-id": "99999" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_last_event_id");
  });

  it.each(servers)("on %s the newest change's id itself resumes (200)", async (_, base) => {
    const ctl = new AbortController();
    const res = await fetch(`${base()}/api/v1/stream`, {
      headers: { authorization: `Bearer ${key}`, "last-event-id": "1" },
      signal: ctl.signal,
    });
    expect(res.status).toBe(200);
    ctl.abort();
  });

  it.each(servers)("%s's OFREP flag-change stream refuses it too", async (_, base) => {
    const { token } = issueStreamToken(streamTokenSecret(), keyId, Date.now());
    const res = await fetch(`${base()}/api/v1/flag-events?token=${token}`, { headers: { "last-event-id": "99999" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_last_event_id");
  });
});

describe("X-Forwarded-Host without ROLLGUARD_TRUST_PROXY", () => {
  it.each(servers)("does not turn %s's server_key_in_browser 403 into a 200", async (_, base) => {
    const res = await fetch(`${base()}/ofrep/v1/evaluate/flags/hostile`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        origin: "https://evil.example",
        "x-forwarded-host": "evil.example",
        "content-type": "application/json",
      },
      body: JSON.stringify({ context: { targetingKey: "u-1" } }),
    });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe("server_key_in_browser");
  });
});
