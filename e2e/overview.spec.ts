import { expect, test } from "./fixtures";

test("the overview lists the three demo features with their figures", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Features" })).toBeVisible();
  for (const name of ["Meeting summary", "Portfolio advisor", "Code assist"]) {
    await expect(page.getByRole("link", { name })).toBeVisible();
  }
  // last-24h accuracy is a real percentage with its sample size, not a placeholder
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Meeting summary" }) });
  await expect(row).toContainText(/\d+\.\d %/);
  await expect(row).toContainText(/n=\d/);
});
