// Percentiles and small timing helpers for the benchmark.

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs `task` from `concurrency` workers until `durationMs` passed (or `count` tasks ran). */
export async function load(concurrency: number, limit: { durationMs?: number; count?: number }, task: (i: number) => Promise<void>) {
  const until = limit.durationMs ? performance.now() + limit.durationMs : Infinity;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && (limit.count === undefined || next < limit.count)) await task(next++);
    }),
  );
  return { tasks: next, seconds: (performance.now() - started) / 1000 };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/**
 * fetch, retried once when the server closed an idle keep-alive socket just as it was reused
 * (a race of HTTP keep-alive, not a failure of the server under test).
 */
export async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw e;
    return fetch(url, init);
  }
}
