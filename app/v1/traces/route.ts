import { requireApiKey } from "@/lib/auth";
import { ingestOtlpSpans } from "@/lib/use-cases/ingest-otlp";
import { otlpEncoding, readOtlpBody } from "@/lib/otlp/body";
import { answerEncoding, decodeSpans, otlpError, otlpSuccess } from "@/lib/otlp/respond";

export const dynamic = "force-dynamic";

// OTLP/HTTP traces (what OpenTelemetry exporters send to <endpoint>/v1/traces): GenAI spans become
// outputs, their evaluation and feedback events labels and thumbs (README, "OpenTelemetry").
export async function POST(req: Request): Promise<Response> {
  const encoding = answerEncoding(req.headers.get("content-type"));
  try {
    const key = await requireApiKey(req, "ingest");
    const spans = decodeSpans(await readOtlpBody(req), otlpEncoding(req.headers.get("content-type")));
    const result = await ingestOtlpSpans(spans, key);
    return otlpSuccess(result.rejectedSpans, result.errorMessage, encoding);
  } catch (e) {
    return otlpError(e, encoding);
  }
}
