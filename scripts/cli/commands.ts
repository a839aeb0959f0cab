import { parseArgs } from "node:util";
import { z } from "zod";
import { ZNewApiKey } from "../../lib/schemas/api-keys";
import { ZNewFeature } from "../../lib/schemas/feature";

// Each command: parse its flags, call lib/, print. Imports are lazy so `--help` needs no database.

const USAGE = `usage: npm run rollguard -- <command>

  key create --name NAME --scopes ingest,evaluate,operate,read [--feature KEY]
                         create an API key; it is printed once, only its hash is stored
  key create-client --name NAME --features KEY[,KEY…] --origins https://app.example.com[,…]
                         create a client-side key a browser may hold: it can only evaluate and send
                         thumbs feedback for the named features, from the allowed origins (CORS)
  key list               list API keys (prefix, name, scopes, last use, revoked)
  key revoke PREFIX      revoke a key; it fails on its next request
  feature list           list features with state and current phase
  feature create KEY --name NAME [--stakes low|medium|high] [--phase PHASE]
                         create a feature with the stakes' plan template (as the admin form does),
                         in its first phase or PHASE (low: pilot, gradual, full; medium: beta,
                         early-access, gradual, full; high: employees, beta, early-access,
                         gradual, full)
  user create --email EMAIL --role viewer|operator|admin [--name NAME] [--password PW]
                         create a user (a password is generated and printed when none is given)
  feature pause KEY --reason TEXT
                         pause a feature: the decision API answers false from now on
  feature resume KEY --reason TEXT
                         resume a paused feature (also after an automatic pause)
  feature advance KEY --reason TEXT [--override]
                         move to the next phase once its success criteria are met
                         (--override: advance anyway; the audit log records what was skipped)
  feature rollback KEY --reason TEXT
                         move back to the previous phase
  alert list [KEY]       list open and acknowledged alerts (of one feature, or all)
  rules upgrade KEY|--all
                         replace untouched windowed default rules by the sequential defaults
                         (same rule ids and actions; audited as rule.upgrade; changed rules stay)
  rules list KEY         list a feature's alert rules: id, state, kind, metric, scope, action
  rules add KEY FILE     add a rule from a JSON draft (as backtest --rule FILE takes it; the rules
                         page's "New rule" does the same), enabled at once
  rules disable KEY ID | rules enable KEY ID
                         switch a rule off or on; disabling resolves its open alerts
  rules delete KEY ID    delete a rule (its open alerts are resolved, past ones stay in the
                         history); the built-in "AI answers shown while paused" can only be disabled
  webhook add --name NAME (--url URL | --email ADDRS) [--kind webhook|slack|email] [--feature KEY]
                         add a notification channel (default kind: signed webhook, whose secret is
                         printed once; slack: an incoming webhook URL; email: needs ROLLGUARD_SMTP_URL)
  backtest KEY --rule ID|FILE [--from TIME --to TIME] [--incident-from TIME --incident-to TIME]
                         what a saved rule (by id) or a draft (a JSON file) would have done over a
                         past range (default the last 30 days); TIME is ISO 8601 or epoch ms
`;

type Command = (args: string[]) => Promise<number>;

// --scopes a,b,c into the admin form's scopes schema
const ZScopes = z
  .string()
  .transform((s): unknown =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(ZNewApiKey.shape.scopes);

const commands: Record<string, Command> = {
  "key create": async (args) => {
    const { values } = parseArgs({ args, options: { name: { type: "string" }, scopes: { type: "string" }, feature: { type: "string" } } });
    if (!values.name || !values.scopes) throw new Error("key create needs --name and --scopes");
    const scopes = ZScopes.parse(values.scopes);
    const { createApiKey } = await import("../../lib/data/api-keys");
    let featureId: string | null = null;
    if (values.feature) {
      const { featureByKey } = await import("../../lib/data/features");
      const feature = await featureByKey(values.feature);
      if (!feature) throw new Error(`no feature "${values.feature}"`);
      featureId = feature.id;
    }
    const { key, identity } = await createApiKey({ name: values.name, scopes, featureId, actor: "cli" });
    console.log(key);
    console.error(
      `created key ${identity.prefix}… "${identity.name}" with scopes ${scopes.join(",")} — store it now, it is not shown again`,
    );
    return 0;
  },
  "key create-client": async (args) => {
    const { values } = parseArgs({
      args,
      options: { name: { type: "string" }, features: { type: "string" }, origins: { type: "string" } },
    });
    const { ZNewClientKey } = await import("../../lib/schemas/api-keys");
    const input = ZNewClientKey.parse(values);
    const { createClientKey } = await import("../../lib/data/api-keys");
    const { key, identity } = await createClientKey({
      name: input.name,
      featureKeys: input.features,
      origins: input.origins,
      actor: "cli",
    });
    console.log(key);
    console.error(
      `created client-side key ${identity.prefix}… "${identity.name}" for ${input.features.join(", ")} from ${input.origins.join(", ")}`,
    );
    return 0;
  },
  "key list": async () => {
    const { listApiKeys } = await import("../../lib/data/api-keys");
    const keys = await listApiKeys();
    if (keys.length === 0) console.log("no API keys");
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
      const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : "never used";
      const scope = k.kind === "client" ? `client: ${k.origins}` : k.scopes;
      console.log(
        `${k.prefix}…  ${k.name.padEnd(20)} ${scope.padEnd(28)} ${k.feature?.key ?? (k.kind === "client" ? "named features" : "all features")}  ${used}  ${state}`,
      );
    }
    return 0;
  },
  "key revoke": async (args) => {
    const prefix = args[0]?.replace(/…$/, "");
    if (!prefix) throw new Error("key revoke needs the key's prefix");
    const { revokeApiKey } = await import("../../lib/data/api-keys");
    if (!(await revokeApiKey(prefix, "cli"))) throw new Error(`no active key with prefix "${prefix}"`);
    console.log(`revoked ${prefix}`);
    return 0;
  },
  "feature create": async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { name: { type: "string" }, stakes: { type: "string" }, phase: { type: "string" } },
    });
    // the admin form's schema and use case: the stakes pick the plan template, as in the UI
    const input = ZNewFeature.parse({ key: positionals[0], name: values.name ?? "", stakes: values.stakes ?? "medium" });
    const { createFeatureFromTemplate } = await import("../../lib/data/feature-setup");
    const f = await createFeatureFromTemplate(input, "cli", { phase: values.phase });
    console.log(`created ${f.key} in phase ${f.currentPhase?.name}`);
    return 0;
  },
  "user create": async (args) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
    });
    const { randomBytes } = await import("node:crypto");
    const { ZNewUser } = await import("../../lib/schemas/users");
    const generated = values.password ? null : randomBytes(12).toString("base64url");
    const input = ZNewUser.parse({ email: values.email, role: values.role, name: values.name, password: values.password ?? generated });
    const { createUser } = await import("../../lib/data/users");
    const user = await createUser(input, "cli");
    console.log(`created ${user!.role} ${user!.email}`);
    if (generated) console.log(`password: ${generated}  (shown once)`);
    return 0;
  },
  "feature list": async () => {
    const { listFeatures } = await import("../../lib/data/features");
    const features = await listFeatures();
    if (features.length === 0) console.log("no features");
    for (const f of features) {
      const phase = f.currentPhase
        ? `${f.currentPhase.name} (${f.currentPhase.audiencePercent} %, confidence ≥ ${f.currentPhase.confidenceThreshold})`
        : "no phase";
      console.log(`${f.key.padEnd(22)} ${f.state.padEnd(9)} ${f.stakes.padEnd(7)} ${phase}`);
    }
    return 0;
  },
  backtest: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        rule: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "incident-from": { type: "string" },
        "incident-to": { type: "string" },
      },
    });
    const key = positionals[0];
    if (!key || !values.rule) throw new Error("backtest needs KEY and --rule ID|FILE");
    const { existsSync, readFileSync } = await import("node:fs");
    const rule = existsSync(values.rule) ? (JSON.parse(readFileSync(values.rule, "utf8")) as unknown) : values.rule;
    const incident =
      values["incident-from"] || values["incident-to"] ? { from: values["incident-from"], to: values["incident-to"] } : undefined;
    const { ZBacktestRequest } = await import("../../lib/schemas/backtest");
    const request = ZBacktestRequest.parse({ rule, from: values.from, to: values.to, incident });
    const { featureByKey } = await import("../../lib/data/features");
    const feature = await featureByKey(key);
    if (!feature) throw new Error(`no feature "${key}"`);
    const { backtestForFeature } = await import("../../lib/read/backtest");
    const { formatBacktest } = await import("./backtest-report");
    console.log(formatBacktest(key, await backtestForFeature(feature.id, request)));
    return 0;
  },
  "feature pause": (args) => changeState(args, "pause"),
  "feature resume": (args) => changeState(args, "resume"),
  "feature advance": (args) => changePhase(args, "advance"),
  "feature rollback": (args) => changePhase(args, "rollback"),
  "alert list": async (args) => {
    const { listAlertViews } = await import("../../lib/read/alert-list");
    const views = await Promise.all(
      (["open", "acknowledged"] as const).map((status) => listAlertViews({ feature: args[0], status, limit: 10_000 })),
    );
    const alerts = views.flat().sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
    if (alerts.length === 0) console.log("no open alerts");
    for (const a of alerts) {
      console.log(
        `${a.openedAt.toISOString()}  ${a.feature.key.padEnd(20)} ${a.status.padEnd(12)} ${a.rule.name} (${a.rule.action})\n    ${a.message}  [${a.id}]`,
      );
    }
    return 0;
  },
  "rules upgrade": async (args) => {
    const { values, positionals } = parseArgs({ args, options: { all: { type: "boolean" } }, allowPositionals: true });
    const { db } = await import("../../lib/db");
    const keys = values.all
      ? (await db.feature.findMany({ select: { key: true }, orderBy: { key: "asc" } })).map((f) => f.key)
      : positionals.slice(0, 1);
    if (keys.length === 0) throw new Error("rules upgrade needs KEY or --all");
    const { upgradeDefaultRules } = await import("../../lib/data/alert-rules");
    for (const key of keys) {
      const names = (await upgradeDefaultRules(key, "cli")).map((u) => u.after.name);
      console.log(`${key}: ${names.length === 0 ? "nothing to upgrade" : `upgraded ${names.join(", ")}`}`);
    }
    return 0;
  },
  "rules list": async (args) => {
    const key = args[0];
    if (!key) throw new Error("rules list needs KEY");
    const { featureByKey } = await import("../../lib/data/features");
    const feature = await featureByKey(key);
    if (!feature) throw new Error(`no feature "${key}"`);
    const { rulesOf } = await import("../../lib/data/alert-rules");
    for (const r of await rulesOf(feature.id, false)) {
      const scope = [r.phase && `phase ${r.phase}`, r.segment && `segment ${r.segment}`].filter(Boolean).join(", ") || "whole feature";
      console.log(`${r.id}  ${(r.enabled ? "enabled" : "disabled").padEnd(8)} ${r.kind}/${r.metric}  ${scope}  ${r.action}  ${r.name}`);
    }
    return 0;
  },
  "rules add": async (args) => {
    const [key, file] = args;
    if (!key || !file) throw new Error("rules add needs KEY and FILE");
    const { readFileSync } = await import("node:fs");
    const { ZAlertRuleDraft } = await import("../../lib/schemas/alert-rules");
    const draft = ZAlertRuleDraft.parse(JSON.parse(readFileSync(file, "utf8")));
    const { createAlertRule } = await import("../../lib/data/alert-rules");
    const rule = await createAlertRule(key, draft, "cli");
    console.log(`added ${rule.name} [${rule.id}]`);
    return 0;
  },
  "rules disable": (args) => switchRule(args, false),
  "rules enable": (args) => switchRule(args, true),
  "rules delete": async (args) => {
    const [key, id] = args;
    if (!key || !id) throw new Error("rules delete needs KEY and ID");
    const { deleteAlertRule } = await import("../../lib/data/alert-rules");
    const { name, resolvedAlerts } = await deleteAlertRule(key, id, "cli");
    console.log(`deleted ${name}${resolvedAlerts.length ? `; resolved ${resolvedAlerts.length} open alert(s)` : ""}`);
    return 0;
  },
  "webhook add": async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: "string" },
        url: { type: "string" },
        feature: { type: "string" },
        kind: { type: "string" },
        email: { type: "string" },
      },
    });
    const kind = (values.kind ?? "webhook") as "webhook" | "slack" | "email";
    if (!["webhook", "slack", "email"].includes(kind)) throw new Error("--kind is webhook, slack or email");
    if (!values.name || (kind === "email" ? !values.email : !values.url))
      throw new Error("webhook add needs --name and --url (or --email for --kind email)");
    let featureId: string | null = null;
    if (values.feature) {
      const { featureByKey } = await import("../../lib/data/features");
      const feature = await featureByKey(values.feature);
      if (!feature) throw new Error(`no feature "${values.feature}"`);
      featureId = feature.id;
    }
    const { createWebhook } = await import("../../lib/data/webhooks");
    const hook = await createWebhook({ name: values.name, url: values.url, featureId, kind, emailTo: values.email }, "cli");
    if (kind !== "webhook") {
      console.error(`added ${kind} channel "${hook.name}"`);
      return 0;
    }
    console.log(hook.secret);
    console.error(
      `added webhook "${hook.name}" → ${hook.url}; the line above is its signing secret (X-Rollguard-Signature: sha256=HMAC of the body) — store it now`,
    );
    return 0;
  },
};

/** `feature pause|resume KEY --reason ...`: a running server notices within one change-feed poll. */
async function changeState(args: string[], verb: "pause" | "resume"): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: "string" } } });
  const key = positionals[0];
  if (!key || !values.reason?.trim()) throw new Error(`feature ${verb} needs KEY and --reason`);
  const { pauseFeature } = await import("../../lib/use-cases/pause");
  const { resumeFeature } = await import("../../lib/use-cases/resume");
  const result = await (verb === "pause" ? pauseFeature : resumeFeature)({ key, reason: values.reason, actor: "cli" });
  console.log(`${result.feature} is ${result.state} (${result.reason})`);
  return 0;
}

/** `feature advance|rollback KEY --reason ... [--override]`: unmet criteria are listed when refused. */
async function changePhase(args: string[], verb: "advance" | "rollback"): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: "string" }, ...(verb === "advance" ? { override: { type: "boolean" as const } } : {}) },
  });
  const key = positionals[0];
  if (!key || !values.reason?.trim()) throw new Error(`feature ${verb} needs KEY and --reason`);
  const { advanceFeature, rollbackFeature } = await import("../../lib/use-cases/move-phase");
  const { AppError } = await import("../../lib/errors");
  try {
    const override = "override" in values && values.override === true;
    const r = await (verb === "advance" ? advanceFeature : rollbackFeature)({ key, reason: values.reason, override, actor: "cli" });
    console.log(
      `${r.feature}: ${r.from} → ${r.to} (${r.phase.audiencePercent} %, confidence ≥ ${r.phase.confidenceThreshold})${r.overridden ? " — OVERRIDE" : ""}`,
    );
    for (const m of r.unmet) console.log(`  skipped: ${m}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError && e.code === "criteria_not_met") {
      console.error(e.message);
      for (const m of (e.details as { missing: string[] }).missing) console.error(`  missing: ${m}`);
      return 1;
    }
    throw e;
  }
}

async function switchRule(args: string[], enabled: boolean): Promise<number> {
  const [key, id] = args;
  if (!key || !id) throw new Error(`rules ${enabled ? "enable" : "disable"} needs KEY and ID`);
  const { setAlertRuleEnabled } = await import("../../lib/data/alert-rules");
  const { rule, resolvedAlerts } = await setAlertRuleEnabled(key, id, enabled, "cli");
  console.log(
    `${rule.name}: ${enabled ? "enabled" : "disabled"}${resolvedAlerts.length ? `; resolved ${resolvedAlerts.length} open alert(s)` : ""}`,
  );
  return 0;
}

/** Runs argv as a command; later issues register more commands in the table above. */
export async function runCommand(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv.includes("--help")) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const name = [argv[0], argv[1]].join(" ");
  // two-word commands ("key create") first, then one-word ones whose second word is an argument ("backtest KEY")
  const [command, rest] = commands[name] ? [commands[name], argv.slice(2)] : [commands[argv[0]], argv.slice(1)];
  if (!command) {
    console.error(`unknown command "${argv.slice(0, 2).join(" ")}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}
