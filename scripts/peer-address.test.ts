import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// scripts/peer-address.cjs in front of a server, as `npm start` preloads it into Next.js: in a child
// process of its own (it patches node:http for the whole process), with and without a trusted proxy.

const SERVER = `
const http = require("node:http");
const s = http.createServer((req, res) => res.end(JSON.stringify({ forwardedHost: req.headers["x-forwarded-host"] ?? null, peer: req.headers["x-rollguard-peer"] })));
s.listen(0, "127.0.0.1", () => console.log(s.address().port));
`;

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["--require", path.resolve("scripts", "peer-address.cjs"), "-e", SERVER], {
    env: { ...process.env, ROLLGUARD_TRUST_PROXY: "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve) => child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim())));
  return { child, base: `http://127.0.0.1:${port}` };
}

let direct: { child: ChildProcess; base: string };
let proxied: { child: ChildProcess; base: string };

beforeAll(async () => {
  [direct, proxied] = await Promise.all([start({}), start({ ROLLGUARD_TRUST_PROXY: "1" })]);
});

afterAll(() => {
  direct.child.kill();
  proxied.child.kill();
});

const action = (base: string, headers: Record<string, string>, pathname = "/admin/keys") =>
  fetch(`${base}${pathname}`, {
    method: "POST",
    headers: { "next-action": "abc123", "content-type": "text/plain;charset=UTF-8", ...headers },
    body: "[]",
  });

describe("server actions from another origin", () => {
  it("are 403 forbidden (Next.js would answer 500)", async () => {
    const res = await action(direct.base, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "Cross-site request refused" } });
  });

  it("a cross-site form POST to a page is 403 too; Origin: null as well", async () => {
    const form = await fetch(`${direct.base}/admin/users`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "%24ACTION_ID_abc=",
    });
    expect(form.status).toBe(403);
    expect((await action(direct.base, { origin: "null" })).status).toBe(403);
  });

  it("from this host they pass through to Next.js", async () => {
    const host = new URL(direct.base).host;
    expect((await action(direct.base, { origin: `http://${host}` })).status).toBe(200);
    expect((await action(direct.base, {})).status).toBe(200); // no Origin: Next.js decides (a non-browser client)
  });

  it("API routes are not server actions: their own checks answer", async () => {
    const res = await fetch(`${direct.base}/api/v1/features/x/pause`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "a=b",
    });
    expect(res.status).toBe(200);
  });
});

describe("X-Forwarded-Host", () => {
  it("is removed without ROLLGUARD_TRUST_PROXY, so a forged one cannot make another origin look like this host", async () => {
    const res = await action(direct.base, { origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(res.status).toBe(403);
    const plain = await fetch(direct.base, { headers: { "x-forwarded-host": "evil.example" } });
    expect((await plain.json()).forwardedHost).toBeNull();
  });

  it("is kept and compared with a trusted proxy", async () => {
    const res = await action(proxied.base, { origin: "https://rollguard.example", "x-forwarded-host": "rollguard.example" });
    expect(res.status).toBe(200);
    expect((await action(proxied.base, { origin: "https://evil.example", "x-forwarded-host": "rollguard.example" })).status).toBe(403);
    const plain = await fetch(proxied.base, { headers: { "x-forwarded-host": "rollguard.example" } });
    expect((await plain.json()).forwardedHost).toBe("rollguard.example");
  });
});
