import { expect, test } from "./fixtures";

test("a visitor is sent to sign in, and a wrong password is refused", async ({ page }) => {
  await page.goto("/features/meeting-summary");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Ffeatures%2Fmeeting-summary/);
  await expect(page.getByText("Demo accounts (demo data only)")).toBeVisible();
  await page.getByLabel("Email").fill("viewer@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(/wrong email or password/i);
  await expect(page).toHaveURL(/\/signin/);
});

test("signing in returns to the page asked for, with the demo banner", async ({ page }) => {
  await page.goto("/?from=test");
  await page.getByLabel("Email").fill("operator@example.com");
  await page.getByLabel("Password").fill("rollguard-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/\?from=test$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByText("operator@example.com")).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Demo data");
});

test("the API answers with the one error body", async ({ request }) => {
  const res = await request.post("/api/v1/events", { data: { events: [] } });
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
});
