import { expect, it } from "vitest";
import { GET } from "./route";

it("reports a healthy database", async () => {
  const res = await GET(new Request("http://localhost/api/health"), {});
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: { ok: true } });
});
