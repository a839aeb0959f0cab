import { flagEventsPreflight, streamFlagEvents } from "@/lib/decision/routes";
import { asNextHandler } from "@/lib/decision/node-routes";

export const dynamic = "force-dynamic";

// OFREP change notifications (ADR-0008), advertised by the bulk evaluation (the same handler the
// lean decision listener serves).
export const GET = asNextHandler(streamFlagEvents);
export const OPTIONS = asNextHandler(flagEventsPreflight);
