import { postTraces } from "@/lib/http/ingest-routes";

export const dynamic = "force-dynamic";

// The handler lives in lib/http/ingest-routes.ts: the app server answers this path there before
// Next.js routes it; this file serves it when Next.js is started on its own (next dev).
export const POST = postTraces;
