import { evaluateAll } from "@/lib/decision-routes";

export const dynamic = "force-dynamic";

// OFREP bulk evaluation (the same handler the lean decision listener serves).
export const POST = evaluateAll;
