import { expect, test } from "@playwright/test";

test("the app boots on a clean database and the home page renders", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Clinic Pulse" })).toBeVisible();
  await expect(page.getByTestId("db-status")).toContainText("connected");
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.database.ok).toBe(true);
  expect(response.headers()["x-request-id"]).toMatch(/[0-9a-f-]{36}/);
});

test("an unknown address shows a plain-language not-found page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
