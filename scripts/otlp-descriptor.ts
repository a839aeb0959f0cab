// npm run otlp:descriptor: turns the OpenTelemetry project's own OTLP trace definitions
// (lib/otlp/proto, copied unchanged from opentelemetry-proto v1.11.0) into the JSON descriptor that
// lib/otlp/decode.ts loads with protobufjs. Run it after replacing the .proto files; the test
// lib/otlp/decode.test.ts fails when the committed descriptor no longer matches them.
import { writeFileSync } from "node:fs";
import { otlpDescriptorFromProtos, OTLP_DESCRIPTOR_PATH } from "../lib/otlp/descriptor-source";

writeFileSync(OTLP_DESCRIPTOR_PATH, JSON.stringify(otlpDescriptorFromProtos(), null, 1) + "\n");
console.log(`wrote ${OTLP_DESCRIPTOR_PATH}`);
