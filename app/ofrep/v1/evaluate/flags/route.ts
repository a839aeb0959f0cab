import { evaluateAll, evaluatePreflight } from "@/lib/decision/routes";
import { asNextHandler } from "@/lib/decision/node-routes";

export const dynamic = "force-dynamic";

// OFREP bulk evaluation (the same handler the lean decision listener serves).
export const POST = asNextHandler(evaluateAll);
// CORS preflight for browsers holding a client-side key.
export const OPTIONS = asNextHandler(evaluatePreflight);
