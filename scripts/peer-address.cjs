// Preloaded into the Next.js server by `npm start` (NODE_OPTIONS=--require), ahead of its routing:
//  - every request gets the TCP peer's address as `x-rollguard-peer`, written over any value the
//    client sent, so that throttles key on who is really connected (lib/auth/client-address.ts), not
//    on a forgeable header;
//  - a path that is not valid percent-encoding (`/api/v1/features/%ZZ/metrics`) is answered 400
//    `invalid_path` here: Next.js fails decoding such a route's params with a 500.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node --require), loaded before any ESM
const http = require("node:http");
const emit = http.Server.prototype.emit;
const BAD_PATH = JSON.stringify({ error: { code: "invalid_path", message: "The path is not valid percent-encoding" } });
http.Server.prototype.emit = function (event, req, res) {
  if (event === "request" && req && req.headers) {
    req.headers["x-rollguard-peer"] = (req.socket && req.socket.remoteAddress) || "";
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
