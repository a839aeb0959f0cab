import { expect, shot, test } from "./fixtures";

// Issue 23 on the feature page: a feature whose LLM judge grades every output leniently, with
// people on a random sample, shows its accuracy judge-corrected, says so, shows each source where
// they differ, and draws the estimate from confidence. Its own segment keeps the demo's data out.

/** mulberry32: the same traffic at every run */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("a judged feature shows its accuracy judge-corrected, the sources and the estimate from confidence", async ({
  page,
  api,
  signInAs,
}, testInfo) => {
  const segment = `e2e-judge-${Date.now().toString(36)}`;
  const now = Date.now();
  const rand = random(23);
  const outputs: object[] = [];
  const labels: object[] = [];
  for (let i = 0; i < 1200; i++) {
    const id = `${segment}-o${i}`;
    const at = now - 20 * 3_600_000 + i * 60_000;
    const correct = rand() < 0.8;
    outputs.push({
      type: "output",
      feature: "meeting-summary",
      id,
      segment,
      confidence: correct ? 0.8 + 0.19 * rand() : 0.45 + 0.4 * rand(),
      timestamp: at,
    });
    // a lenient judge on every output; people on a random 8 %, said so on the label
    labels.push({
      type: "label",
      feature: "meeting-summary",
      outputId: id,
      source: "heuristic",
      correct: correct || rand() < 0.5,
      timestamp: at + 60_000,
    });
    if (rand() < 0.08)
      labels.push({
        type: "label",
        feature: "meeting-summary",
        outputId: id,
        source: "human",
        sample: "random",
        correct,
        timestamp: at + 120_000,
      });
  }
  for (let i = 0; i < outputs.length; i += 1000) await api.ingest(outputs.slice(i, i + 1000));
  for (let i = 0; i < labels.length; i += 1000) await api.ingest(labels.slice(i, i + 1000));

  await page.setViewportSize({ width: 1440, height: 1000 });
  await signInAs("viewer");
  await page.goto(`/features/meeting-summary?range=24h&segment=${segment}`);
  const accuracy = page.getByRole("region", { name: "Production accuracy" });
  await expect(accuracy.getByTestId("accuracy-method")).toContainText("Judge-corrected");
  await expect(accuracy.getByTestId("accuracy-sources")).toContainText(/People \d+\.\d %.*Judge \d+\.\d %/);
  await expect(accuracy).toContainText("Estimated from confidence:");
  await expect(accuracy).toContainText("Estimated from confidence"); // the dashed line's legend
  await expect(page.getByRole("list", { name: "Figures for the selected range" })).toContainText("judge-corrected by");
  await shot(page, testInfo, "honest-accuracy-desktop");
  await accuracy.screenshot({ path: testInfo.outputPath("honest-accuracy-chart-desktop.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(accuracy.getByTestId("accuracy-method")).toBeVisible();
  await accuracy.screenshot({ path: testInfo.outputPath("honest-accuracy-chart-phone.png") });
  await shot(page, testInfo, "honest-accuracy-phone");
});
