import type { ApiKeyIdentity } from "../data/api-keys";
import { db, dbReady } from "../db";
import { mapSpans, type OtlpSpan } from "../domain/otlp-mapping";
import { ingestEvents } from "./ingest";

// The OTLP use case: spans mapped to Rollguard's events (lib/domain/otlp-mapping.ts), stored by the
// same ingest as POST /api/v1/events (validation, feature resolution, dedup by output id: an
// exporter's retry is a duplicate), and the outcome folded back per span for OTLP's partial success.

export interface OtlpIngestResult {
  spans: number;
  /** events stored (outputs, labels, thumbs) */
  accepted: number;
  duplicates: number;
  /** spans neither outputs nor carrying labels or thumbs: counted and ignored */
  ignored: number;
  rejectedSpans: number;
  /** the first few reasons, one per rejected span ("" when none) */
  errorMessage: string;
}

const MESSAGES_SHOWN = 5;

async function featureKeyOf(featureId: string | null): Promise<string | null> {
  if (!featureId) return null;
  await dbReady();
  return (await db.feature.findUnique({ where: { id: featureId }, select: { key: true } }))?.key ?? null;
}

export async function ingestOtlpSpans(spans: OtlpSpan[], key: ApiKeyIdentity, now = Date.now()): Promise<OtlpIngestResult> {
  const mapped = mapSpans(spans, await featureKeyOf(key.featureId));
  const result = await ingestEvents(
    mapped.events.map((e) => e.event),
    now,
    key.featureId,
  );
  const reasons = new Map<number, string>();
  for (const r of mapped.rejected) reasons.set(r.span, r.message);
  for (const r of result.rejected) {
    const span = mapped.events[r.index].span;
    if (!reasons.has(span)) reasons.set(span, `${r.code}: ${r.message}`);
  }
  const ordered = [...reasons].sort(([a], [b]) => a - b);
  const shown = ordered.slice(0, MESSAGES_SHOWN).map(([span, message]) => `span ${span}: ${message}`);
  if (ordered.length > MESSAGES_SHOWN) shown.push(`and ${ordered.length - MESSAGES_SHOWN} more`);
  return {
    spans: spans.length,
    accepted: result.accepted,
    duplicates: result.duplicates,
    ignored: mapped.ignored,
    rejectedSpans: reasons.size,
    errorMessage: shown.join("; "),
  };
}
