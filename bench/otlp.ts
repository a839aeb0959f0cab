// OTLP ingest against the JSON event route, same server, same events: the bench's mixed batches
// (bench/lib/events.ts) as OTLP/protobuf spans — an output is a gen_ai chat span, a label or thumb
// an event on a span naming its output (rollguard.output_id); tickets have no OTLP form and are
// left out of both sides. `otlpLoad` is what `npm run bench` reports as otlp.ingestEventsPerSecond.
//   npx tsx bench/otlp.ts [seconds] [port]: one fresh database, the production build, both figures.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs/light";
import descriptor from "../lib/otlp/otlp-trace.descriptor.json";
import { EventSource } from "./lib/events";
import { load, request, round, summary, timed } from "./lib/measure";
import { startServer, stopAll, type Server } from "./lib/server";

const Request = protobuf.Root.fromJSON(descriptor as protobuf.INamespace).lookupType(
  "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest",
);

type Ev = Record<string, unknown>;
const str = (key: string, v: unknown) => ({ key, value: typeof v === "number" ? { doubleValue: v } : { stringValue: String(v) } });
const nanos = (ms: number) => String(BigInt(Math.floor(ms)) * 1_000_000n);
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** The batch's outputs, labels and thumbs as one ExportTraceServiceRequest (protobuf); its event count. */
export function otlpBatch(events: unknown[], seq: number): { bytes: Uint8Array; events: number } {
  const spans: unknown[] = [];
  let count = 0;
  (events as Ev[]).forEach((e, i) => {
    const spanId = hex(seq * 1000 + i + 1, 16);
    const base = {
      traceId: Buffer.from(hex(seq + 1, 32), "hex"),
      spanId: Buffer.from(spanId, "hex"),
      startTimeUnixNano: nanos(Date.now() - 500),
    };
    const end = nanos(Date.now());
    if (e.type === "output") {
      count++;
      spans.push({
        ...base,
        name: "chat m1",
        endTimeUnixNano: end,
        attributes: [
          str("gen_ai.operation.name", "chat"),
          str("gen_ai.response.model", e.model),
          str("rollguard.output_id", e.id),
          str("rollguard.feature", e.feature),
          str("rollguard.confidence", e.confidence),
          str("rollguard.segment", e.segment),
          str("rollguard.input_type", e.inputType),
          str("rollguard.unit", e.unit),
          str("rollguard.input", e.input),
          str("rollguard.output", e.output),
        ],
      });
    } else if (e.type === "label" || e.type === "feedback") {
      count++;
      const event =
        e.type === "label"
          ? {
              name: "rollguard.label",
              timeUnixNano: end,
              attributes: [{ key: "correct", value: { boolValue: e.correct } }, str("source", e.source)],
            }
          : { name: "rollguard.feedback", timeUnixNano: end, attributes: [str("value", e.value)] };
      spans.push({
        ...base,
        name: "feedback",
        endTimeUnixNano: end,
        attributes: [str("rollguard.output_id", e.outputId), str("rollguard.feature", e.feature)],
        events: [event],
      });
    }
  });
  const body = { resourceSpans: [{ resource: { attributes: [str("service.name", "bench")] }, scopeSpans: [{ spans }] }] };
  return { bytes: Request.encode(Request.fromObject(body)).finish(), events: count };
}

const withoutTickets = (batch: unknown[]) => (batch as Ev[]).filter((e) => e.type !== "ticket");

export async function otlpLoad(server: Server, key: string, opts: { ms: number; clients: number; batch: number }) {
  const latencies: number[] = [];
  let events = 0;
  let seq = 0;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" };
  const sources = Array.from({ length: opts.clients }, (_, c) => new EventSource(`o${c}-${Date.now()}`, c + 11));
  // each request takes a source no other request in flight holds: a batch's labels name outputs of
  // the source's earlier batches, which must be stored by then (task i % clients could be in flight twice)
  const idle = [...sources];
  const { seconds } = await load(opts.clients, { durationMs: opts.ms }, async () => {
    const source = idle.pop()!;
    const batch = otlpBatch(withoutTickets(source.batch(opts.batch, Date.now())), seq++);
    const { ms: took, value: res } = await timed(() =>
      request(`${server.url}/v1/traces`, { method: "POST", headers, body: batch.bytes as BodyInit }),
    );
    const answer = new Uint8Array(await res.arrayBuffer());
    idle.push(source);
    // an empty ExportTraceServiceResponse: every span accepted
    if (res.status !== 200 || answer.length > 0) throw new Error(`otlp ${res.status} ${Buffer.from(answer).toString()}`);
    events += batch.events;
    latencies.push(took);
  });
  return { eventsPerSecond: events / seconds, latency: summary(latencies) };
}

async function jsonLoad(server: Server, key: string, opts: { ms: number; clients: number; batch: number }) {
  let events = 0;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const sources = Array.from({ length: opts.clients }, (_, c) => new EventSource(`j${c}-${Date.now()}`, c + 11));
  const { seconds } = await load(opts.clients, { durationMs: opts.ms }, async (i) => {
    const batch = withoutTickets(sources[i % opts.clients].batch(opts.batch, Date.now()));
    const res = await request(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify({ events: batch }) });
    const body = (await res.json()) as { accepted: number; duplicates: number };
    if (res.status !== 200) throw new Error(`ingest ${res.status} ${JSON.stringify(body)}`);
    events += body.accepted + body.duplicates;
  });
  return { eventsPerSecond: events / seconds };
}

async function main() {
  const seconds = Number(process.argv[2] ?? 15);
  const port = Number(process.argv[3] ?? 3240);
  const dir = path.resolve(".tmp", "bench-otlp");
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, `otlp-${Date.now()}.db`)}`,
    ROLLGUARD_LOG: "warn",
    ROLLGUARD_DEMO: "0",
  };
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, stdio: "ignore" });
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/generate.ts", "0"], { env, encoding: "utf8" });
  const { key } = JSON.parse(out.trim().split("\n").pop()!) as { key: string };
  const server = await startServer(env, port);
  try {
    const opts = { ms: seconds * 1000, clients: 4, batch: 500 };
    const json = await jsonLoad(server, key, opts);
    const otlp = await otlpLoad(server, key, opts);
    console.log(
      JSON.stringify({
        jsonEventsPerSecond: round(json.eventsPerSecond, 0),
        otlpEventsPerSecond: round(otlp.eventsPerSecond, 0),
        ratio: round(otlp.eventsPerSecond / json.eventsPerSecond, 3),
        otlpBatchP50Ms: round(otlp.latency.p50),
        otlpBatchP99Ms: round(otlp.latency.p99),
      }),
    );
  } finally {
    await stopAll();
  }
}

if (process.argv[1]?.endsWith(path.join("bench", "otlp.ts"))) void main();
