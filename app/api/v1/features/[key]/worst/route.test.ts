import { beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { saveReview } from "@/lib/data/review";
import { WORST_CSV_HEADER } from "@/lib/domain/review-export";
import { ZSaveReview } from "@/lib/schemas/review";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { GET } from "./route";

const T0 = Date.parse("2026-11-17T14:00:00Z");
let readKey: string;

const get = (feature: string, query: string, k: string | null = readKey) =>
  GET(new Request(`http://localhost/api/v1/features/${feature}/worst?${query}`, { headers: k ? { authorization: `Bearer ${k}` } : {} }), {
    params: Promise.resolve({ key: feature }),
  });
const range = `from=${T0 - 3_600_000}&to=${T0 + 3_600_000}`;

beforeAll(async () => {
  const f = await givenFeature("worst-test", "gradual");
  readKey = await givenKey(["read"]);
  const outputs = Array.from({ length: 5 }, (_, i) => ({
    type: "output",
    feature: "worst-test",
    id: `w${i}`,
    confidence: [0.8, 0.84, 0.88, 0.92, 0.96][i],
    timestamp: T0 + i * 60_000,
    input: "=cmd|' /C calc'!A0",
    output: `answer, "quoted"\nsecond line ${i}`,
  }));
  const labels = outputs.map((o) => ({ type: "label", feature: "worst-test", outputId: o.id, correct: false }));
  await ingestEvents(
    [...outputs, ...labels, { type: "ticket", feature: "worst-test", id: "tk", outputId: "w0", severity: "high", subject: "Wrong" }],
    T0 + 7_200_000,
  );
  await saveReview(
    f.id,
    ZSaveReview.parse({
      featureKey: "worst-test",
      outputId: `${f.id}:w4`,
      tags: ["sql join", "stale data"],
      note: "joins; no key",
      reviewed: true,
    }),
    "ana@example.com",
  );
});

describe("GET /api/v1/features/{key}/worst", () => {
  it("serves the ranked list with score, factors, tags and notes", async () => {
    const res = await get("worst-test", `${range}&limit=3`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ feature: "worst-test", from: new Date(T0 - 3_600_000).toISOString(), limit: 3 });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(["w4", "w3", "w2"]);
    expect(body.items[0]).toMatchObject({
      rank: 1,
      score: 1000 + 400 + 10,
      factors: [
        { key: "confidently_wrong", label: "Confidently wrong", points: 1400 },
        { key: "shown", label: "Seen by the user", points: 10 },
      ],
      confidence: 0.96,
      tags: ["sql join", "stale data"],
      note: "joins; no key",
      reviewed: true,
      reviewedBy: "ana@example.com",
      labels: [{ source: "human", correct: false }],
    });
  });

  it("adds the groups of near-identical failures next to the items (backward compatible)", async () => {
    const body = await (await get("worst-test", range)).json();
    expect(body.items).toHaveLength(5);
    // long answers group by the answer itself, whatever the prompt (issue 26)
    expect(body.items[0].group).toEqual({ key: expect.stringMatching(/^out:/), count: 5 });
    expect(body.groups).toHaveLength(1); // the five answers differ only in a number
    expect(body.groups[0]).toMatchObject({
      rank: 1,
      count: 5,
      unitCount: 0,
      segments: [{ segment: "default", count: 5 }],
      outputIds: ["w4", "w3", "w2", "w0", "w1"],
    }); // worst first: w0 carries a ticket
    expect(body.groups[0].item).toMatchObject({ id: "w4", tags: ["sql join", "stale data"] });
    const csv = await (await get("worst-test", `${range}&format=csv&view=groups`)).text();
    const [header, row] = csv.split("\r\n");
    expect(header).toMatch(/^rank,group_key,count,units,segments,/);
    expect(row).toMatch(/^1,out:[0-9a-f]{8},5,0,default=5,/);
    expect(row).toContain("w4; w3; w2; w0; w1");
  });

  it("exports CSV with tags and notes, quoted and formula-safe", async () => {
    const res = await get("worst-test", `${range}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="worst-test-worst-2026-11-17\.csv"/);
    const csv = await res.text();
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(WORST_CSV_HEADER.join(","));
    expect(lines[1]).toMatch(/^1,1410,confidently_wrong=1400; shown=10,w4,/);
    expect(lines[1]).toContain(",sql join; stale data,joins; no key,true,ana@example.com,");
    expect(csv).toContain(",'=cmd|' /C calc'!A0,"); // a formula is neutralised
    expect(csv).not.toContain(",=cmd");
    expect(csv).toContain('"answer, ""quoted""\nsecond line 4"');
    // w0 carries the ticket: its extra 200 points put it right after the confidently wrong ones by confidence
    expect(csv).toContain("ticket=200");
  });

  it("answers with the one error body: 400, 401, 403, 404", async () => {
    const bad = await get("worst-test", "limit=0");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
    expect((await get("worst-test", "format=xml")).status).toBe(400);
    expect((await get("worst-test", `from=${T0}&to=${T0 - 1}`)).status).toBe(400);
    expect((await get("worst-test", `from=${T0 - 40 * 86_400_000}&to=${T0}`)).status).toBe(400);
    expect((await get("worst-test", "", null)).status).toBe(401);
    const ingestOnly = await givenKey(["ingest"]);
    const forbidden = await get("worst-test", "", ingestOnly);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");
    const missing = await get("nope", "");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });
});
