import autocannon from "autocannon";

// Closed-loop HTTP load from autocannon (raw sockets, its own HTTP parser): a client light enough
// that a small server, not the client, is what gets measured. fetch() in this process topped out
// near 2 000 requests/s even against a server that answers a constant.

export interface CannonResult {
  rps: number;
  latency: { p50: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
}

export function cannon(options: {
  url: string;
  path: string;
  key: string;
  connections: number;
  seconds: number;
  body: (n: number) => unknown;
}): Promise<CannonResult> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: "POST",
            path: options.path,
            headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(options.body(n++)) }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.total / (r.duration || options.seconds),
          latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
        });
      },
    );
  });
}
