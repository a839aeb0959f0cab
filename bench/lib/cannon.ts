import autocannon from "autocannon";
import { percentile } from "./measure";

// Closed-loop HTTP load from autocannon (raw sockets, its own HTTP parser): a client light enough
// that a small server, not the client, is what gets measured. fetch() in this process topped out
// near 2 000 requests/s even against a server that answers a constant.
//
// Latencies are each 2xx response's own time (autocannon's hrtime, fractional ms), kept here:
// autocannon's histogram records whole milliseconds, which cannot tell 0.4 ms from 0.9 ms.

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
  const samples: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
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
        const sorted = Float64Array.from(samples).sort();
        resolve({
          rps: r.requests.total / (r.duration || options.seconds),
          latency: sorted.length
            ? { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] }
            : { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
        });
      },
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) samples.push(ms);
    });
  });
}
