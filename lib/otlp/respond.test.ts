import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { answerEncoding, decodeSpans, MAX_OTLP_SPANS, otlpError, otlpSuccess } from "./respond";

describe("OTLP/HTTP answers", () => {
  it("429 and 503 keep the app's Retry-After; the body is a Status in the request's encoding", async () => {
    const busy = otlpError(new AppError("rate_limited", 429, "slow down", undefined, { "retry-after": "12" }), "json");
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("12");
    expect(await busy.json()).toEqual({ code: 8, message: "slow down" });
    const down = otlpError(new AppError("database_unavailable", 503, "try later", undefined, { "retry-after": "5" }), "protobuf");
    expect([down.status, down.headers.get("retry-after"), down.headers.get("content-type")]).toEqual([503, "5", "application/x-protobuf"]);
    expect(new Uint8Array(await down.arrayBuffer())[0]).toBe(0x08); // field 1 (code) first
  });

  it("an unexpected error is a 500 that says nothing of it", async () => {
    const res = otlpError(new Error("secret detail"), "json", () => {});
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret");
  });

  it("answers in protobuf only when the request said so", async () => {
    expect(answerEncoding("application/x-protobuf")).toBe("protobuf");
    expect(answerEncoding("application/json; charset=utf-8")).toBe("json");
    expect(answerEncoding(null)).toBe("json");
    const ok = otlpSuccess(0, "", "protobuf");
    expect([ok.status, ok.headers.get("content-type"), (await ok.arrayBuffer()).byteLength]).toEqual([200, "application/x-protobuf", 0]);
  });

  it("413 for more spans than one request may carry; 400 for an unreadable body", () => {
    const body = (n: number) =>
      new TextEncoder().encode(
        JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: n }, () => ({ name: "s" })) }] }] }),
      );
    expect(decodeSpans(body(MAX_OTLP_SPANS), "json")).toHaveLength(MAX_OTLP_SPANS);
    expect(() => decodeSpans(body(MAX_OTLP_SPANS + 1), "json")).toThrow(expect.objectContaining({ status: 413, code: "too_many_spans" }));
    expect(() => decodeSpans(new Uint8Array([0x0a, 0x09]), "protobuf")).toThrow(
      expect.objectContaining({ status: 400, code: "invalid_otlp" }),
    );
  });
});
