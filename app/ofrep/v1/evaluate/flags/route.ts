import { evaluateAll } from "@/lib/decision/routes";
import { asNextHandler } from "@/lib/decision/node-routes";

export const dynamic = "force-dynamic";

// OFREP bulk evaluation (the same handler the lean decision listener serves).
export const POST = asNextHandler(evaluateAll);
