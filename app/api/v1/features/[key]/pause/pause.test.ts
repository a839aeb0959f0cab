import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resumeFeature } from "@/lib/use-cases/resume";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";
import { POST as resume } from "../resume/route";
import { POST as pause } from "./route";

// The kill switch over the API: a reason is required, the state, the audit log and the stream
// change together, and repeating a pause is a clear conflict rather than a second event.

let operateKey: string;
const params = (key: string) => ({ params: Promise.resolve({ key }) });

beforeAll(async () => {
  await givenFeature("meeting-summary", "full");
  operateKey = await givenKey(["operate"]);
});

describe("POST /api/v1/features/{key}/pause and /resume", () => {
  it("pauses with a reason and records who, why, before and after in the audit log and the stream", async () => {
    const res = await pause(
      jsonRequest("/api/v1/features/meeting-summary/pause", { reason: "accuracy dip under review" }, operateKey),
      params("meeting-summary"),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      feature: "meeting-summary",
      state: "paused",
      reason: "accuracy dip under review",
      actor: expect.stringMatching(/^key:rg_/),
    });

    const feature = await db.feature.findUniqueOrThrow({ where: { key: "meeting-summary" } });
    expect(feature).toMatchObject({ state: "paused", stateReason: "accuracy dip under review" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "feature.pause", target: "meeting-summary" } });
    expect(event.actor).toBe(body.actor);
    expect(event.reason).toBe("accuracy dip under review");
    expect(JSON.parse(event.before!)).toMatchObject({ state: "running" });
    expect(JSON.parse(event.after!)).toMatchObject({ state: "paused" });
    const change = await db.stateChange.findUniqueOrThrow({ where: { id: body.changeId } });
    expect(change).toMatchObject({ featureKey: "meeting-summary", type: "paused" });
  });

  it("answers 409 already_paused to a second pause, without a second audit event", async () => {
    const res = await pause(
      jsonRequest("/api/v1/features/meeting-summary/pause", { reason: "again" }, operateKey),
      params("meeting-summary"),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("already_paused");
    expect(await db.auditEvent.count({ where: { action: "feature.pause" } })).toBe(1);
  });

  it("requires a non-empty reason, the operate scope, and an existing feature", async () => {
    const empty = await resume(
      jsonRequest("/api/v1/features/meeting-summary/resume", { reason: "  " }, operateKey),
      params("meeting-summary"),
    );
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe("invalid_request");
    const readOnly = await givenKey(["read", "evaluate"]);
    expect((await resume(jsonRequest("/x", { reason: "r" }, readOnly), params("meeting-summary"))).status).toBe(403);
    expect((await pause(jsonRequest("/x", { reason: "r" }, operateKey), params("no-such"))).status).toBe(404);
  });

  it("never lets a rule resume a feature; a person with a reason can", async () => {
    await expect(resumeFeature({ key: "meeting-summary", reason: "auto", actor: "rule:abc" })).rejects.toMatchObject({ status: 403 });
    const res = await resume(
      jsonRequest("/api/v1/features/meeting-summary/resume", { reason: "fix verified on 200 samples" }, operateKey),
      params("meeting-summary"),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).state).toBe("running");
    const again = await resume(jsonRequest("/x", { reason: "r" }, operateKey), params("meeting-summary"));
    expect((await again.json()).error.code).toBe("not_paused");
  });
});
