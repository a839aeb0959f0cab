import path from "node:path";
import protobuf from "protobufjs";

// Build-time only (the script and a test): the protobufjs descriptor of the OTLP trace service
// from the vendored .proto files. The server never parses .proto text; it loads the JSON.

export const OTLP_PROTO_ROOT = path.join(process.cwd(), "lib", "otlp", "proto");
export const OTLP_DESCRIPTOR_PATH = path.join(process.cwd(), "lib", "otlp", "otlp-trace.descriptor.json");

export function otlpDescriptorFromProtos(): protobuf.INamespace {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(OTLP_PROTO_ROOT, target);
  root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto", { keepCase: false });
  root.resolveAll();
  return root.toJSON();
}
