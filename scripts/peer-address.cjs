// Preloaded into the Next.js server by `npm start` (NODE_OPTIONS=--require), ahead of its routing:
//  - every request gets the TCP peer's address as `x-rollguard-peer`, written over any value the
//    client sent, so that throttles key on who is really connected (lib/auth/client-address.ts), not
//    on a forgeable header;
//  - a path that is not valid percent-encoding (`/api/v1/features/%ZZ/metrics`) is answered 400
//    `invalid_path` here: Next.js fails decoding such a route's params with a 500;
//  - without ROLLGUARD_TRUST_PROXY, `X-Forwarded-Host` is removed: anyone can send it, and Next.js
//    itself believes it (its server-action Origin check compares against it);
//  - a server action (a POST with `Next-Action`, or a form POST to a page) whose Origin is not this
//    host is answered 403 `forbidden` here: Next.js refuses it too, but with a 500.
// ROLLGUARD_TRUST_PROXY is read as lib/auth/client-address.ts reads it (this file cannot import it).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node --require), loaded before any ESM
const http = require("node:http");
const emit = http.Server.prototype.emit;
const BAD_PATH = JSON.stringify({ error: { code: "invalid_path", message: "The path is not valid percent-encoding" } });
const CROSS_SITE = JSON.stringify({ error: { code: "forbidden", message: "Cross-site request refused" } });

function trustsProxy() {
  const raw = String(process.env.ROLLGUARD_TRUST_PROXY || "")
    .trim()
    .toLowerCase();
  if (raw === "true" || raw === "on") return true;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0;
}

/** True for a request Next.js would run as a server action: `Next-Action`, or a form POST to a page. */
function isServerAction(req) {
  if (req.method !== "POST") return false;
  if (req.headers["next-action"]) return true;
  const path = (req.url || "").split("?")[0];
  if (/^\/(api|ofrep|_next)\//.test(path)) return false;
  return /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(String(req.headers["content-type"] || ""));
}

/** A server action whose Origin is present and not this host (as Next.js compares them). */
function isCrossSiteAction(req, trusted) {
  const origin = req.headers.origin;
  if (typeof origin !== "string" || !isServerAction(req)) return false;
  let originHost = "null";
  try {
    if (origin !== "null") originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = trusted && req.headers["x-forwarded-host"] ? String(req.headers["x-forwarded-host"]).split(",")[0].trim() : "";
  return originHost !== (forwarded || req.headers.host);
}

http.Server.prototype.emit = function (event, req, res) {
  if (event === "request" && req && req.headers) {
    req.headers["x-rollguard-peer"] = (req.socket && req.socket.remoteAddress) || "";
    const trusted = trustsProxy();
    if (!trusted) delete req.headers["x-forwarded-host"];
    if (isCrossSiteAction(req, trusted)) {
      res.writeHead(403, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(CROSS_SITE);
      return true;
    }
    const url = req.url || "";
    if (url.includes("%")) {
      try {
        decodeURIComponent(url.split("?")[0]);
      } catch {
        res.writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
        res.end(BAD_PATH);
        return true;
      }
    }
  }
  return emit.apply(this, arguments);
};
