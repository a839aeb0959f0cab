import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The role matrix. Every mutating route handler (app/**/route.ts exporting POST, PUT, PATCH or
// DELETE) and every export of every "use server" module is found on disk and called as anonymous,
// viewer, operator, admin and a deactivated admin — and for routes, with an API key that has the
// needed scope and one that has every other scope. Only the expected callers succeed; everyone
// else gets 401 or 403 with the one error body. A route or action that is not in the tables
// below fails this test, so nothing new ships without a decision about who may call it.
//
// Route handlers get a real next-auth session cookie (a JWT signed with the app's secret). Server
// actions have no request here, so their session lookup — next-auth's `getServerSession` — is
// mocked; everything after it (re-reading the user, roles, the guard) is real.

const session = vi.hoisted(() => ({ uid: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.uid ? { uid: session.uid } : null)),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db";
import { createApiKey, SCOPES, type Scope } from "@/lib/data/api-keys";
import { pauseFeature } from "@/lib/use-cases/pause";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { createUser, setUserActive } from "@/lib/data/users";
import { hasRole, ROLES, type Role } from "@/lib/domain/roles";
import { givenFeature, givenWindowedRules } from "@/lib/testing/fixtures";

type Principal = "anonymous" | Role | "deactivated";
const PRINCIPALS: Principal[] = ["anonymous", ...ROLES, "deactivated"];
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
const ROOT = path.resolve(import.meta.dirname, "..");

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Call {
  headers: Record<string, string>;
}

interface GuardedRoute {
  /** the least role a signed-in user needs; null: API keys only */
  sessionRole: Role | null;
  /** the API key scope that grants the call; null: sessions only */
  scope: Scope | null;
  /** builds fresh fixtures and calls the handler, so that every allowed call can succeed */
  call: (handler: Handler, auth: Call) => Promise<Response>;
  /** OTLP/HTTP answers errors with a google.rpc.Status ({code, message}), not the app's error body */
  otlpStatus?: true;
}
interface PublicEntry {
  public: string;
}

// ---------------------------------------------------------------------------------------------
// Expected permissions. Add a row here for every new mutating route or server action.
// ---------------------------------------------------------------------------------------------

let n = 0;
const unique = (p: string) => `${p}-${++n}`;
const post = (handler: Handler, url: string, params: Record<string, string>, body: unknown, auth: Call) =>
  handler(
    new Request(new URL(url, "http://localhost"), {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost", origin: "http://localhost", ...auth.headers },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );

async function openAlert(featureKey: string) {
  const feature = await db.feature.findUniqueOrThrow({ where: { key: featureKey } });
  const rule = await db.alertRule.findFirstOrThrow({ where: { featureId: feature.id } });
  return db.alert.create({
    data: { featureId: feature.id, ruleId: rule.id, status: "open", value: 0.5, sampleSize: 200, message: "matrix" },
  });
}

const ROUTES: Record<string, GuardedRoute | PublicEntry> = {
  "POST /api/auth/[...nextauth]": {
    public: "next-auth's sign-in and sign-out: anyone may try to sign in; next-auth checks its own CSRF token (e2e/accounts.spec.ts)",
  },
  "POST /api/v1/events": {
    sessionRole: null,
    scope: "ingest",
    call: (h, auth) =>
      post(h, "/api/v1/events", {}, { events: [{ type: "output", id: unique("o"), feature: "matrix", confidence: 0.9 }] }, auth),
  },
  "POST /v1/traces": {
    sessionRole: null,
    scope: "ingest",
    otlpStatus: true,
    call: (h, auth) => {
      const attributes = [
        { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
        { key: "rollguard.feature", value: { stringValue: "matrix" } },
        { key: "rollguard.confidence", value: { doubleValue: 0.9 } },
        { key: "rollguard.output_id", value: { stringValue: unique("span") } },
      ];
      const endTimeUnixNano = String(BigInt(Date.now()) * 1_000_000n);
      const span = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", name: "chat", endTimeUnixNano, attributes };
      return post(h, "/v1/traces", {}, { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }, auth);
    },
  },
  "POST /api/v1/features/[key]/pause": {
    sessionRole: "operator",
    scope: "operate",
    call: async (h, auth) => {
      const key = unique("pause");
      await givenFeature(key, "full");
      return post(h, `/api/v1/features/${key}/pause`, { key }, { reason: "matrix" }, auth);
    },
  },
  "POST /api/v1/features/[key]/resume": {
    sessionRole: "operator",
    scope: "operate",
    call: async (h, auth) => {
      const key = unique("resume");
      await givenFeature(key, "full");
      await pauseFeature({ key, reason: "set-up", actor: "test" });
      return post(h, `/api/v1/features/${key}/resume`, { key }, { reason: "matrix" }, auth);
    },
  },
  "POST /api/v1/features/[key]/advance": {
    sessionRole: "operator",
    scope: "operate",
    call: async (h, auth) => {
      const key = unique("advance");
      await givenFeature(key, "early-access");
      return post(h, `/api/v1/features/${key}/advance`, { key }, { reason: "matrix", override: true }, auth);
    },
  },
  "POST /api/v1/features/[key]/rollback": {
    sessionRole: "operator",
    scope: "operate",
    call: async (h, auth) => {
      const key = unique("rollback");
      await givenFeature(key, "early-access");
      return post(h, `/api/v1/features/${key}/rollback`, { key }, { reason: "matrix" }, auth);
    },
  },
  "POST /api/v1/features/[key]/backtest": {
    sessionRole: "viewer",
    scope: "read",
    call: (h, auth) =>
      post(
        h,
        "/api/v1/features/matrix/backtest",
        { key: "matrix" },
        { rule: { metric: "accuracy_floor", windowMinutes: 60, minSamples: 50 }, from: Date.now() - 86_400_000 },
        auth,
      ),
  },
  "POST /api/v1/alerts/[id]/acknowledge": {
    sessionRole: "operator",
    scope: "operate",
    call: async (h, auth) => {
      const alert = await openAlert("matrix");
      return post(h, `/api/v1/alerts/${alert.id}/acknowledge`, { id: alert.id }, {}, auth);
    },
  },
  "POST /ofrep/v1/evaluate/flags/[key]": {
    sessionRole: null,
    scope: "evaluate",
    call: (h, auth) => post(h, "/ofrep/v1/evaluate/flags/matrix", { key: "matrix" }, { context: { targetingKey: "u1" } }, auth),
  },
  "POST /ofrep/v1/evaluate/flags": {
    sessionRole: null,
    scope: "evaluate",
    call: (h, auth) => post(h, "/ofrep/v1/evaluate/flags", {}, { context: { targetingKey: "u1" } }, auth),
  },
};

type Action = (input: unknown) => Promise<unknown>;
interface GuardedAction {
  role: Role;
  /** a valid input, built fresh for each call */
  input: () => Promise<unknown>;
}
interface PublicAction {
  public: string;
  /** what must hold when anyone calls it in a database that has users */
  check: (action: Action) => Promise<void>;
}

/** A stored output of the "matrix" feature, flagged for human review. */
async function matrixOutput() {
  const id = unique("review");
  await ingestEvents([{ type: "output", feature: "matrix", id, confidence: 0.9, review: true }]);
  return `${(await db.feature.findUniqueOrThrow({ where: { key: "matrix" } })).id}:${id}`;
}

/** A rule of the "matrix" feature made for one call (to disable or delete), with an open alert. */
async function matrixRule() {
  const feature = await db.feature.findUniqueOrThrow({ where: { key: "matrix" } });
  const rule = await db.alertRule.create({
    data: {
      featureId: feature.id,
      kind: "window",
      name: unique("Matrix rule"),
      metric: "accuracy_floor",
      params: JSON.stringify({ threshold: 0.9 }),
    },
  });
  await db.alert.create({
    data: { featureId: feature.id, ruleId: rule.id, status: "open", value: 0.5, sampleSize: 200, message: "matrix" },
  });
  return rule;
}

async function freshUser(role: Role = "viewer") {
  return (await createUser({ email: `${unique("user")}@example.com`, password: "matrix-password-1", role }, "test"))!;
}

const ACTIONS: Record<string, GuardedAction | PublicAction> = {
  "lib/actions/api-keys.ts#createApiKeyAction": {
    role: "admin",
    input: async () => ({ name: unique("key"), scopes: ["read"], feature: "matrix" }),
  },
  "lib/actions/api-keys.ts#createClientKeyAction": {
    role: "admin",
    input: async () => ({ name: unique("client-key"), features: ["matrix"], origins: ["https://app.example.com"] }),
  },
  "lib/actions/api-keys.ts#revokeApiKeyAction": {
    role: "admin",
    input: async () => ({ prefix: (await createApiKey({ name: unique("key"), scopes: ["read"], actor: "test" })).identity.prefix }),
  },
  "lib/actions/users.ts#createUserAction": {
    role: "admin",
    input: async () => ({ email: `${unique("new")}@example.com`, password: "a-long-password-1", role: "viewer" }),
  },
  "lib/actions/users.ts#changeUserRoleAction": {
    role: "admin",
    input: async () => ({ userId: (await freshUser()).id, role: "operator" }),
  },
  "lib/actions/users.ts#setUserActiveAction": {
    role: "admin",
    input: async () => ({ userId: (await freshUser()).id, active: false }),
  },
  "lib/actions/review.ts#saveReviewAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", outputId: await matrixOutput(), tags: ["matrix"], note: "", reviewed: true }),
  },
  "lib/actions/review.ts#tagOutputsAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", outputIds: [await matrixOutput()], add: ["matrix"] }),
  },
  "lib/actions/review.ts#markOutputsAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", outputIds: [await matrixOutput()], reviewed: true }),
  },
  "lib/actions/review.ts#undoVerdictAction": {
    role: "operator",
    input: async () => {
      // a verdict by every user who may undo, so that whoever calls has one to undo
      const { recordVerdict } = await import("@/lib/data/review-queue");
      const f = await db.feature.findUniqueOrThrow({ where: { key: "matrix" } });
      for (const u of await db.user.findMany({ where: { role: { in: ["operator", "admin"] } } })) {
        await recordVerdict(f, await matrixOutput(), "incorrect", u.email);
      }
      return { featureKey: "matrix" };
    },
  },
  "lib/actions/review.ts#queueStatsAction": {
    role: "viewer",
    input: async () => ({ featureKey: "matrix" }),
  },
  "lib/actions/review.ts#setAsideAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", olderThanDays: 30, reason: "matrix backlog" }),
  },
  "lib/actions/review.ts#signOffWeekAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", week: Date.now(), note: "matrix" }),
  },
  "lib/actions/review.ts#claimQueueItemAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix" }),
  },
  "lib/actions/review.ts#queueVerdictAction": {
    role: "operator",
    input: async () => ({ featureKey: "matrix", outputId: await matrixOutput(), verdict: "correct" }),
  },
  "lib/actions/feature-create.ts#createFeatureAction": {
    role: "admin",
    input: async () => ({ key: unique("new-feature"), name: "Matrix", stakes: "high", fallback: "A human answers" }),
  },
  "lib/actions/feature-edit.ts#updateFeatureAction": {
    role: "admin",
    input: async () => ({ feature: "matrix", name: unique("Matrix"), stakes: "medium" }),
  },
  "lib/actions/plan.ts#updatePlanAction": {
    role: "admin",
    input: async () => {
      const { featureByKey } = await import("@/lib/data/features");
      const { planOf } = await import("@/lib/data/plans");
      return { feature: "matrix", phases: planOf((await featureByKey("matrix"))!.phases) };
    },
  },
  "lib/actions/plan.ts#advanceFeatureAction": {
    role: "operator",
    input: async () => {
      const key = unique("advance-action");
      await givenFeature(key, "early-access");
      return { feature: key, reason: "matrix", override: true };
    },
  },
  "lib/actions/plan.ts#rollbackFeatureAction": {
    role: "operator",
    input: async () => {
      const key = unique("rollback-action");
      await givenFeature(key, "early-access");
      return { feature: key, reason: "matrix" };
    },
  },
  "lib/actions/checklist.ts#saveChecklistAction": {
    role: "admin",
    input: async () => ({
      feature: "matrix",
      content: {
        heldOut: { accuracyThreshold: 0.9, measuredAccuracy: null, sampleSize: null, dataset: "" },
        edgeCases: { patterns: [], casesTested: null },
        worstCase: { scenario: "", impact: "", estimatedCost: null, currency: "EUR" },
        signOffs: [],
      },
    }),
  },
  "lib/actions/segments.ts#createSegmentAction": {
    role: "admin",
    input: async () => ({ key: unique("segment"), name: "Matrix", reason: "matrix users forgive" }),
  },
  "lib/actions/segments.ts#updateSegmentAction": {
    role: "admin",
    input: async () => {
      const key = unique("segment");
      await db.segment.create({ data: { key, name: "Matrix", reason: "r" } });
      return { key, name: "Matrix 2", reason: "still forgiving" };
    },
  },
  "lib/actions/segments.ts#deleteSegmentAction": {
    role: "admin",
    input: async () => {
      const key = unique("segment");
      await db.segment.create({ data: { key, name: "Matrix", reason: "r" } });
      return { key };
    },
  },
  "lib/actions/alert-rules.ts#saveAlertRuleAction": {
    role: "admin",
    input: async () => {
      const rule = await db.alertRule.findFirstOrThrow({ where: { feature: { key: "matrix" }, kind: "window", metric: "overconfidence" } });
      return { feature: "matrix", ruleId: rule.id, params: { gap: 0.2 }, windowMinutes: 60, minSamples: 50, action: "notify" };
    },
  },
  "lib/actions/alert-rules.ts#upgradeDefaultRulesAction": {
    role: "admin",
    input: async () => {
      const key = unique("rule-upgrade-action");
      await givenWindowedRules((await givenFeature(key, "full")).id);
      return { feature: key };
    },
  },
  "lib/actions/alert-rules.ts#createAlertRuleAction": {
    role: "admin",
    input: async () => ({
      feature: "matrix",
      rule: {
        kind: "window",
        name: unique("Matrix rule"),
        metric: "accuracy_floor",
        params: { threshold: 0.9 },
        windowMinutes: 60,
        minSamples: 50,
        phase: "full",
        segment: null,
        action: "notify",
      },
    }),
  },
  "lib/actions/alert-rules.ts#setAlertRuleEnabledAction": {
    role: "admin",
    input: async () => ({ feature: "matrix", ruleId: (await matrixRule()).id, enabled: false }),
  },
  "lib/actions/alert-rules.ts#deleteAlertRuleAction": {
    role: "admin",
    input: async () => ({ feature: "matrix", ruleId: (await matrixRule()).id }),
  },
  "lib/actions/feature-state.ts#pauseFeatureAction": {
    role: "operator",
    input: async () => {
      const key = unique("pause-action");
      await givenFeature(key, "full");
      return { feature: key, reason: "matrix" };
    },
  },
  "lib/actions/feature-state.ts#resumeFeatureAction": {
    role: "operator",
    input: async () => {
      const key = unique("resume-action");
      await givenFeature(key, "full");
      await pauseFeature({ key, reason: "set-up", actor: "test" });
      return { feature: key, reason: "matrix" };
    },
  },
  "lib/actions/alerts.ts#acknowledgeAlertAction": {
    role: "operator",
    input: async () => ({ alertId: (await openAlert("matrix")).id }),
  },
  "lib/actions/alerts.ts#acknowledgeIncidentAction": {
    role: "operator",
    input: async () => {
      const alert = await openAlert("matrix");
      const incident = await db.incident.create({ data: { featureId: alert.featureId, title: "matrix" } });
      await db.alert.update({ where: { id: alert.id }, data: { incidentId: incident.id } });
      return { incidentId: incident.id, note: "matrix" };
    },
  },
  "lib/actions/channels.ts#createChannelAction": {
    role: "admin",
    input: async () => ({ name: unique("channel"), kind: "slack", url: "https://hooks.example.com/matrix", events: ["alert.opened"] }),
  },
  "lib/actions/channels.ts#testChannelAction": {
    role: "admin",
    input: async () => ({
      id: (await db.webhook.create({ data: { name: unique("ch"), url: "http://127.0.0.1:9/hook", secret: "s", enabled: false } })).id,
    }),
  },
  "lib/actions/channels.ts#setChannelEnabledAction": {
    role: "admin",
    input: async () => ({
      id: (await db.webhook.create({ data: { name: unique("ch"), url: "http://127.0.0.1:9/hook", secret: "s" } })).id,
      enabled: false,
    }),
  },
  "lib/actions/channels.ts#deleteChannelAction": {
    role: "admin",
    input: async () => ({
      id: (await db.webhook.create({ data: { name: unique("ch"), url: "http://127.0.0.1:9/hook", secret: "s" } })).id,
    }),
  },
  "lib/actions/first-admin.ts#createFirstAdmin": {
    public: "first-run set-up: creates the first admin only while no user exists",
    check: async (action) => {
      const before = await db.user.count();
      const form = new FormData();
      for (const [k, v] of Object.entries({ email: "intruder@example.com", name: "", password: "intruder-password-1" })) form.set(k, v);
      await expect(action(form)).rejects.toMatchObject({ digest: expect.stringContaining("/setup?error=") });
      expect(await db.user.count()).toBe(before);
      expect(await db.user.findUnique({ where: { email: "intruder@example.com" } })).toBeNull();
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Discovery from the file system.
// ---------------------------------------------------------------------------------------------

const sourceFiles = (dir: string): string[] =>
  (readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));

const routeFiles = sourceFiles("app").filter((f) => /(^|\/)route\.ts$/.test(f));
const routePattern = (file: string) => "/" + path.dirname(path.relative("app", file)).split(path.sep).join("/");

/** True when the file starts (after comments) with the "use server" directive. */
const isServerModule = (src: string) => /^["']use server["']/.test(src.replace(/^(\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ""));
const hasDirective = (src: string) => /^\s*["']use server["'];?\s*$/m.test(src);

const scanned = ["app", "components", "lib"]
  .flatMap(sourceFiles)
  .map((file) => ({ file, src: readFileSync(path.join(ROOT, file), "utf8") }));
const actionModules = scanned.filter((f) => isServerModule(f.src)).map((f) => f.file);

async function discoverRoutes() {
  const found: { id: string; handler: Handler }[] = [];
  for (const file of routeFiles) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const method of MUTATING)
      if (typeof mod[method] === "function") found.push({ id: `${method} ${routePattern(file)}`, handler: mod[method] as Handler });
  }
  return found;
}

async function discoverActions() {
  const found: { id: string; action: Action }[] = [];
  for (const file of actionModules) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") found.push({ id: `${file}#${name}`, action: value as Action });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Principals.
// ---------------------------------------------------------------------------------------------

const uids: Partial<Record<Principal, string>> = {};
const keys: Partial<Record<Scope, { with: string; without: string }>> = {};

beforeAll(async () => {
  await givenFeature("matrix", "full");
  for (const role of ROLES)
    uids[role] = (await createUser({ email: `matrix-${role}@example.com`, password: "matrix-password-1", role }, "test"))!.id;
  const gone = (await createUser({ email: "matrix-gone@example.com", password: "matrix-password-1", role: "admin" }, "test"))!;
  await setUserActive(gone.id, false, "test");
  uids.deactivated = gone.id;
  for (const scope of SCOPES) {
    keys[scope] = {
      with: (await createApiKey({ name: `with-${scope}`, scopes: [scope], actor: "test" })).key,
      without: (await createApiKey({ name: `without-${scope}`, scopes: SCOPES.filter((s) => s !== scope), actor: "test" })).key,
    };
  }
});

function signInAs(p: Principal) {
  session.uid = p === "anonymous" ? null : uids[p]!;
}

/** The browser's headers for a principal: its session cookie, if any. */
async function sessionHeaders(p: Principal): Promise<Record<string, string>> {
  if (p === "anonymous") return {};
  return { cookie: `next-auth.session-token=${await encode({ token: { uid: uids[p]! }, secret: authSecret() })}` };
}

const ERROR_BODY = { error: { code: expect.any(String), message: expect.any(String) } };

/** What a session principal should get: success, 401 (no usable session) or 403 (role too low). */
function expectedForSession(p: Principal, required: Role | null): "ok" | 401 | 403 {
  if (p === "anonymous" || p === "deactivated" || required === null) return 401;
  return hasRole(p, required) ? "ok" : 403;
}

// ---------------------------------------------------------------------------------------------
// The matrix.
// ---------------------------------------------------------------------------------------------

describe("role matrix: mutating route handlers", async () => {
  const routes = await discoverRoutes();

  it("finds the routes on disk, and every one has an expected-permissions row (and no row is stale)", () => {
    expect(routes.length).toBeGreaterThan(0);
    const found = routes.map((r) => r.id).sort();
    expect(
      found.filter((id) => !(id in ROUTES)),
      "mutating routes without a row in ROUTES",
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((id) => !found.includes(id)),
      "rows in ROUTES for routes that no longer exist",
    ).toEqual([]);
  });

  for (const { id, handler } of routes) {
    const entry = ROUTES[id];
    if (!entry || "public" in entry) continue;
    describe(id, () => {
      for (const p of PRINCIPALS) {
        const expected = expectedForSession(p, entry.sessionRole);
        it(`${p} → ${expected === "ok" ? "2xx" : expected}`, async () => {
          const res = await entry.call(handler, { headers: await sessionHeaders(p) });
          const body = await res.json();
          if (expected === "ok") expect(res.status, JSON.stringify(body)).toBeLessThan(300);
          else {
            expect(res.status, JSON.stringify(body)).toBe(expected);
            expect(errorCodeOf(entry, body)).toBe(expected === 401 ? "unauthorized" : "forbidden");
          }
        });
      }
      if (entry.scope) {
        const scope = entry.scope;
        it(`a key with scope ${scope} → 2xx; a key with every other scope → 403`, async () => {
          const ok = await entry.call(handler, { headers: { authorization: `Bearer ${keys[scope]!.with}` } });
          expect(ok.status, await ok.clone().text()).toBeLessThan(300);
          const refused = await entry.call(handler, { headers: { authorization: `Bearer ${keys[scope]!.without}` } });
          expect(refused.status).toBe(403);
          expect(errorCodeOf(entry, await refused.json())).toBe("forbidden");
        });
      }
      it("an unknown key → 401, even with an admin's session cookie beside it", async () => {
        const res = await entry.call(handler, {
          headers: { ...(await sessionHeaders("admin")), authorization: "Bearer rg_not-a-real-key" },
        });
        expect(res.status).toBe(401);
        expect(errorCodeOf(entry, await res.json())).toBe("unauthorized");
      });
    });
  }
});

/** The error's code from the app's error body, or from an OTLP Status (gRPC UNAUTHENTICATED 16, PERMISSION_DENIED 7). */
function errorCodeOf(entry: GuardedRoute, body: unknown): string {
  if (entry.otlpStatus) {
    expect(body).toEqual({ code: expect.any(Number), message: expect.any(String) });
    return ({ 16: "unauthorized", 7: "forbidden" } as Record<number, string>)[(body as { code: number }).code] ?? "other";
  }
  expect(body).toMatchObject(ERROR_BODY);
  return (body as { error: { code: string } }).error.code;
}

describe("role matrix: server actions", async () => {
  const actions = await discoverActions();

  it("finds the 'use server' modules on disk, and every export has an expected-permissions row (and no row is stale)", () => {
    expect(actions.length).toBeGreaterThan(0);
    const found = actions.map((a) => a.id).sort();
    expect(
      found.filter((id) => !(id in ACTIONS)),
      "server actions without a row in ACTIONS",
    ).toEqual([]);
    expect(
      Object.keys(ACTIONS).filter((id) => !found.includes(id)),
      "rows in ACTIONS for actions that no longer exist",
    ).toEqual([]);
  });

  it("has no inline server actions (they could not be listed here): define them in a 'use server' module", () => {
    const inline = scanned.filter((f) => hasDirective(f.src) && !isServerModule(f.src)).map((f) => f.file);
    expect(inline).toEqual([]);
  });

  for (const { id, action } of actions) {
    const entry = ACTIONS[id];
    if (!entry) continue;
    if ("public" in entry) {
      it(`${id} (public: ${entry.public})`, async () => {
        for (const p of PRINCIPALS) {
          signInAs(p);
          await entry.check(action);
        }
      });
      continue;
    }
    describe(id, () => {
      for (const p of PRINCIPALS) {
        const expected = expectedForSession(p, entry.role);
        it(`${p} → ${expected === "ok" ? "ok" : expected}`, async () => {
          signInAs(p);
          const result = (await action(await entry.input())) as { ok: boolean; error?: { code: string; message: string; status: number } };
          if (expected === "ok") expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
          else {
            expect(result).toMatchObject({
              ok: false,
              error: { status: expected, code: expected === 401 ? "unauthorized" : "forbidden", message: expect.any(String) },
            });
          }
        });
      }
      it("refuses malformed input with invalid_request, even for an admin", async () => {
        signInAs("admin");
        expect(await action({ nonsense: true })).toMatchObject({ ok: false, error: { code: "invalid_request", status: 400 } });
      });
    });
  }
});
