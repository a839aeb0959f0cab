import { E2E_DECISION_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

// Against the production server (npm start's way of running Next.js): malformed paths get a 4xx,
// never a 500, on the app's port and the decision listener's; and the sign-in throttle keys on the
// TCP peer, so rotating X-Forwarded-For does not buy more guesses.

const LEAN = `http://127.0.0.1:${E2E_DECISION_PORT}`;

test("a %ZZ path gets a 4xx on the app's routes, its pages and the decision listener", async ({ api }) => {
  const headers = { authorization: `Bearer ${api.key}` };
  const metrics = await api.request.get("/api/v1/features/%ZZ/metrics", { headers });
  expect(metrics.status()).toBeGreaterThanOrEqual(400);
  expect(metrics.status()).toBeLessThan(500);
  const ofrep = await api.request.post("/ofrep/v1/evaluate/flags/%ZZ", { headers, data: { context: { targetingKey: "u" } } });
  expect(ofrep.status()).toBeGreaterThanOrEqual(400);
  expect(ofrep.status()).toBeLessThan(500);
  const page = await api.request.get("/features/%ZZ", { maxRedirects: 0 });
  expect(page.status()).toBeLessThan(500);
  const lean = await api.request.post(`${LEAN}/ofrep/v1/evaluate/flags/%ZZ`, { headers, data: { context: { targetingKey: "u" } } });
  expect(lean.status()).toBe(400);
  expect((await lean.json()).error.code).toBe("invalid_path");
});

test("rotating X-Forwarded-For does not buy more sign-in guesses", async ({ request }) => {
  const email = `nobody-${Date.now()}@example.com`;
  const attempt = async (i: number) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: `guess-${i}`, json: "true" },
      headers: { "x-forwarded-for": `203.0.113.${i}` },
      maxRedirects: 0,
    });
    const location = res.headers()["location"] ?? (await res.text());
    return decodeURIComponent(location);
  };
  for (let i = 0; i < 5; i++) expect(await attempt(i)).not.toMatch(/Too many attempts/);
  expect(await attempt(99)).toMatch(/Too many attempts/);
});
