import { expect, test, createFeatureInForm } from "./fixtures";

// Issue 12: every slice is watched. A high-stakes feature of its own (the demo features' history,
// which other journeys read, stays as seeded) serves two segments; one segment — a tenth of the
// traffic — collapses. The alert names that segment on the feature page, and the rule's `pause`
// stops the feature.

const KEY = `segments-${Date.now().toString(36)}`;
const NAME = "Segment watch";

test("a collapsing segment opens an alert that names it, and a high-stakes feature pauses on it", async ({ page, signInAs, api }) => {
  test.setTimeout(120_000);
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: NAME, owner: "e2e", stakes: "High", fallback: "A person answers." });

  // healthy traffic on both segments: every answer right
  const healthy: unknown[] = [];
  for (let i = 0; i < 180; i++) {
    const segment = i % 10 === 0 ? "new-market" : "internal";
    healthy.push({ type: "output", id: `${KEY}-h${i}`, feature: KEY, confidence: 0.97, segment, unit: `u-${i % 30}` });
    healthy.push({ type: "label", outputId: `${KEY}-h${i}`, feature: KEY, correct: true, source: "human" });
  }
  await api.ingest(healthy);
  expect((await api.evaluate(KEY, { targetingKey: "u-1", segment: "internal" })).value).toBe(true);

  // the small segment collapses: 30 of its answers wrong, the big one stays right
  const collapse: unknown[] = [];
  for (let i = 0; i < 60; i++) {
    const segment = i < 30 ? "new-market" : "internal";
    collapse.push({ type: "output", id: `${KEY}-c${i}`, feature: KEY, confidence: 0.97, segment, unit: `u-${i % 30}` });
    collapse.push({ type: "label", outputId: `${KEY}-c${i}`, feature: KEY, correct: segment === "internal", source: "human" });
  }
  await api.ingest(collapse);
  await expect
    .poll(async () => (await api.evaluate(KEY, { targetingKey: "u-1", segment: "internal" })).reason, { timeout: 20_000 })
    .toBe("DISABLED");

  await page.goto(`/features/${KEY}`);
  const section = page.getByRole("region", { name: /^Alerts/ });
  await expect(section).toContainText(/segment new-market \(phase [^)]+\): \d+ % \(n = \d+\) vs \d+ % normal/);
  await expect(page.getByText(/Reason: Rule "Accuracy below \d+ %" breached: (segment new-market|phase)/)).toBeVisible();
  // one alert for the rule, however many slices breached, listing them; the incident is named after the rule that paused
  const rows = section.getByRole("row", { name: new RegExp(`^Accuracy below \\d+ % on ${NAME}$`) });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(/segment new-market/);
  await expect(page.getByRole("region", { name: "Current incident" })).toContainText(/Incident: Accuracy below \d+ %/);
});
