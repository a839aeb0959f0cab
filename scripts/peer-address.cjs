// Preloaded into the Next.js server by `npm start` (NODE_OPTIONS=--require): every request gets
// the TCP peer's address as `x-rollguard-peer`, written over any value the client sent, so that
// throttles key on who is really connected (lib/client-address.ts), not on a forgeable header.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node --require)
const http = require("node:http");
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req) {
  if (event === "request" && req && req.headers) req.headers["x-rollguard-peer"] = (req.socket && req.socket.remoteAddress) || "";
  return emit.apply(this, arguments);
};
