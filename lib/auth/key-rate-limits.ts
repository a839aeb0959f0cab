import { env } from "../env";
import { retryAfterSeconds, TokenBucketLimiter } from "../domain/rate-limit";
import { AppError } from "../errors";

// Per-key rate limits on the two high-volume APIs, held in this process's memory (no database
// read per request). Allowances come from ROLLGUARD_INGEST_RATE_LIMIT and
// ROLLGUARD_EVALUATE_RATE_LIMIT (requests per minute per key).

export type LimitedScope = "ingest" | "evaluate";

const g = globalThis as unknown as { rollguardKeyRateLimiters?: Record<LimitedScope, TokenBucketLimiter> };

function limiters(): Record<LimitedScope, TokenBucketLimiter> {
  return (g.rollguardKeyRateLimiters ??= {
    ingest: new TokenBucketLimiter(env().ROLLGUARD_INGEST_RATE_LIMIT),
    evaluate: new TokenBucketLimiter(env().ROLLGUARD_EVALUATE_RATE_LIMIT),
  });
}

export const isLimitedScope = (scope: string): scope is LimitedScope => scope === "ingest" || scope === "evaluate";

/** Counts one request of `keyId` against the scope's allowance; throws 429 rate_limited when spent. */
export function enforceKeyRateLimit(keyId: string, scope: LimitedScope): void {
  const limiter = limiters()[scope];
  const decision = limiter.take(keyId);
  if (decision.allowed) return;
  const seconds = retryAfterSeconds(decision.retryAfterMs);
  throw new AppError(
    "rate_limited",
    429,
    `This API key exceeded ${limiter.perMinute} ${scope} requests per minute; retry in ${seconds} s`,
    { scope, limitPerMinute: limiter.perMinute, retryAfterSeconds: seconds },
    { "retry-after": String(seconds) },
  );
}
