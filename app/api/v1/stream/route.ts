import { streamStateChanges } from "@/lib/decision/routes";

export const dynamic = "force-dynamic";

// Server-Sent Events of feature state changes (the same handler the lean decision listener serves).
export const GET = streamStateChanges;
