import { createFeatureInForm, expect, shot, test } from "./fixtures";

// Issue 23 on the pages a team acts from: a feature whose LLM judge turns harsh. People keep
// labelling a random sample; the judge, which grades every output, starts calling good answers
// wrong. The judge's verdicts pull the accuracy below the floor (a quality alert), while its
// agreement with people falls (a judge-agreement alert): the feature page says how its accuracy is
// made and shows people and judge apart, and the incident says "possibly the judge, not the
// feature", linking both, before anyone pauses a healthy feature.

const KEY = `judge-drift-${Date.now().toString(36)}`;
const NAME = "Contract clauses";
const H = 3_600_000;
const RULE = "Judge agreement dropped";

test("a feature whose judge drifts shows the method and both sources, and its incident says possibly the judge", async ({
  page,
  signInAs,
  api,
}, testInfo) => {
  test.setTimeout(180_000);
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: NAME, owner: "legal-ai", stakes: "Medium", fallback: "A lawyer reviews the clause." });

  // the judge-agreement rule: the last 24 h against the 24 h before
  await page.goto(`/features/${KEY}/rules`);
  await page.getByRole("link", { name: "New rule" }).click();
  const what = page.getByRole("form", { name: "What the new rule watches" });
  await what.getByLabel("Watches").selectOption("window:judge_agreement_drop");
  await what.getByLabel("Name").fill(RULE);
  const settings = page.getByRole("form", { name: `Settings of ${RULE}` });
  await settings.getByLabel("Window (minutes)").fill("1440");
  await settings.getByLabel("Minimum sample").fill("100");
  await settings.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Rule “${RULE}” created and enabled` })).toBeVisible();

  // Traffic: the answers are right 90 % of the time throughout; people label every output of the
  // two days at random. The day before, the judge agrees with them on 95 %; the last day it calls
  // a third of the good answers wrong; and in the last half hour it alone grades 200 new outputs.
  const now = Date.now();
  const events: object[] = [];
  const output = (id: string, at: number) => ({ type: "output", feature: KEY, id, confidence: 0.9, segment: "internal", timestamp: at });
  const label = (id: string, source: "human" | "heuristic", correct: boolean, at: number) => ({
    type: "label",
    feature: KEY,
    outputId: id,
    source,
    correct,
    timestamp: at,
    ...(source === "human" ? { sample: "random" } : {}),
  });
  for (let i = 0; i < 200; i++) {
    const correct = i % 10 !== 0;
    const before = now - 47 * H + i * 6 * 60_000; // 47 h to 27 h ago
    events.push(output(`b${i}`, before), label(`b${i}`, "human", correct, before + 60_000));
    events.push(label(`b${i}`, "heuristic", i % 20 === 1 ? !correct : correct, before + 120_000));
    const lately = now - 23 * H + i * 6 * 60_000; // 23 h to 3 h ago
    events.push(output(`w${i}`, lately), label(`w${i}`, "human", correct, lately + 60_000));
    events.push(label(`w${i}`, "heuristic", correct && i % 3 !== 0 ? true : false, lately + 120_000));
  }
  for (let i = 0; i < 200; i++) {
    const at = now - 30 * 60_000 + i * 9_000;
    events.push(output(`n${i}`, at), label(`n${i}`, "heuristic", i % 3 !== 0 && i % 10 !== 0, at + 1000));
  }
  for (let i = 0; i < events.length; i += 1000) await api.ingest(events.slice(i, i + 1000));

  // the feature page: the accuracy says how it is made, people and judge apart
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/features/${KEY}?range=24h`);
  const accuracy = page.getByRole("region", { name: "Production accuracy" });
  await expect(accuracy.getByTestId("accuracy-method")).toContainText("Judge-corrected");
  await expect(accuracy.getByTestId("accuracy-sources")).toContainText(/People \d+\.\d %.*Judge \d+\.\d %/);

  // the incident: the quality alert beside the judge's, and the warning before anyone acts
  const incident = page.getByRole("region", { name: "Current incident" });
  await expect(async () => {
    await page.reload();
    await expect(incident).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await incident.getByRole("link", { name: "Incident timeline →" }).click();
  await expect(page.getByRole("heading", { name: `Incident on ${NAME}`, level: 1 })).toBeVisible();
  const note = page.getByRole("note", { name: "Possibly the judge" });
  await expect(async () => {
    await page.reload();
    await expect(note).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await expect(note).toContainText("Possibly the judge, not the feature");
  await expect(note).toContainText(`Judge: “${RULE}”`);
  await expect(note).toContainText("Quality:");
  await shot(page, testInfo, "judge-drift-incident-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(note).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, testInfo, "judge-drift-incident-phone");
});
