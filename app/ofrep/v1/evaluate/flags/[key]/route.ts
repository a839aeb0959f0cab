import { evaluateOne } from "@/lib/decision/routes";
import { asNextHandler } from "@/lib/decision/node-routes";

export const dynamic = "force-dynamic";

// OFREP single flag evaluation (the same handler the lean decision listener serves).
export const POST = asNextHandler(evaluateOne);
