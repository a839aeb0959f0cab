import { describe, expect, it } from "vitest";
import { plainOfrepContext, ZOfrepRequest } from "./ofrep";

// The decision path's hand check takes exactly the bodies zod takes, with the same context
// (issue 24); anything else goes to zod, whose issues word the INVALID_CONTEXT error.

const strings = [undefined, "", "a", "x".repeat(100), "x".repeat(101), "x".repeat(200), "x".repeat(201), 7, null, true, [], {}, "é🙂"];
const contexts: unknown[] = [undefined, null, [], "ctx", 3, {}, { extra: { deep: [1] } }];
for (const field of ["targetingKey", "segment", "outputId", "inputType"])
  for (const v of strings) contexts.push({ [field]: v }, { targetingKey: "u-1", [field]: v, other: 1 });
const bodies: unknown[] = [null, [], "body", 0, {}, { other: true }];
for (const c of contexts) bodies.push({ context: c }, { context: c, extra: "x" });

describe("plainOfrepContext", () => {
  it("accepts exactly what ZOfrepRequest accepts, with the same context", () => {
    for (const body of bodies) {
      const parsed = ZOfrepRequest.safeParse(body);
      const plain = plainOfrepContext(body);
      if (parsed.success) expect(plain, JSON.stringify(body)).toEqual(parsed.data.context ?? {});
      else expect(plain, JSON.stringify(body)).toBeUndefined();
    }
  });
});
