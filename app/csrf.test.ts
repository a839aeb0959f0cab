import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Behind one trusted reverse proxy (X-Forwarded-Host is believed only then; without it, see
// lib/faults/bad-input.test.ts).
vi.hoisted(() => {
  process.env.ROLLGUARD_TRUST_PROXY = "1";
});
import { POST as pause } from "@/app/api/v1/features/[key]/pause/route";
import { authSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db";
import { createUser } from "@/lib/data/users";
import { givenFeature } from "@/lib/testing/fixtures";

// Cross-site request forgery against the session-authenticated kill switch: a page on another
// origin can make the browser POST with the session cookie, but not with our Origin.
// (Server actions are covered by Next's own Origin check, and sign-in by next-auth's CSRF token:
// both proven against the production build in e2e/accounts.spec.ts.)

let cookie: string;
const request = (headers: Record<string, string>) =>
  pause(
    new Request("http://localhost/api/v1/features/csrf/pause", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", ...headers },
      body: JSON.stringify({ reason: "forged" }),
    }),
    { params: Promise.resolve({ key: "csrf" }) },
  );

beforeAll(async () => {
  await givenFeature("csrf", "full");
  const uid = (await createUser({ email: "csrf-op@example.com", password: "operator-password-1", role: "operator" }, "test"))!.id;
  cookie = `next-auth.session-token=${await encode({ token: { uid }, secret: authSecret() })}`;
});

describe("CSRF on session-authenticated route mutations", () => {
  it.each([
    ["another origin", { host: "localhost", origin: "https://evil.example" }],
    ["no Origin header", { host: "localhost" }],
    ["a look-alike origin", { host: "localhost", origin: "http://localhost.evil.example" }],
    ["our host on another port", { host: "localhost", origin: "http://localhost:8080" }],
    [
      "a proxy's forwarded host that differs",
      { host: "localhost", "x-forwarded-host": "rollguard.example.com", origin: "http://localhost" },
    ],
  ])("refuses a POST with a valid session cookie from %s: 403, nothing changes", async (_, headers) => {
    const res = await request(headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "Cross-site request refused" } });
    expect((await db.feature.findUniqueOrThrow({ where: { key: "csrf" } })).state).toBe("running");
    expect(await db.auditEvent.count({ where: { action: "feature.pause" } })).toBe(0);
  });

  it("accepts the same request from our own origin (also behind a proxy)", async () => {
    const res = await request({
      host: "internal:3000",
      "x-forwarded-host": "rollguard.example.com",
      origin: "https://rollguard.example.com",
    });
    expect(res.status).toBe(200);
    expect((await db.feature.findUniqueOrThrow({ where: { key: "csrf" } })).state).toBe("paused");
  });
});
