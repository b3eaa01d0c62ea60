import { expect, test } from "./support/fixtures.ts";

/**
 * Every page a signed-in owner opens fits a phone screen (375 px): nothing makes the page scroll
 * sideways (wide tables scroll inside their own box), the page heading is visible, and the main
 * navigation opens from its Menu button by keyboard.
 */
const DOWNTOWN = "demo_clinic_downtown";
const PAGES: { path: string; heading: string | RegExp }[] = [
  { path: "/clinics/all", heading: "All my clinics" },
  { path: `/clinics/${DOWNTOWN}`, heading: "Harbor Dental – Downtown" },
  { path: `/clinics/${DOWNTOWN}?period=custom&from=2025-03-01&to=2025-03-31&granularity=day`, heading: "Harbor Dental – Downtown" },
  { path: `/clinics/${DOWNTOWN}/goals`, heading: "Goals" },
  { path: `/clinics/${DOWNTOWN}/members`, heading: /Members of/ },
  { path: `/clinics/${DOWNTOWN}/settings`, heading: "Clinic settings" },
  { path: `/clinics/${DOWNTOWN}/sheets`, heading: "Google Sheets" },
  { path: `/clinics/${DOWNTOWN}/sheets/new`, heading: "Import a Google spreadsheet" },
  { path: `/clinics/${DOWNTOWN}/sheets/history`, heading: "Sync history" },
  { path: `/clinics/${DOWNTOWN}/google`, heading: "Google accounts" },
  { path: "/account", heading: "Your account" },
];

test.use({ viewport: { width: 375, height: 740 } });

test("every page of the demo owner fits a 375 px phone screen", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByLabel("Email").fill("owner@harbor.demo");
  await page.getByLabel("Password").fill("harbor-owner-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));

  const overflowing: string[] = [];
  for (const { path, heading } of PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading }), path).toBeVisible();
    // Let client-rendered charts draw before measuring.
    await page.waitForLoadState("networkidle");
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    if (widths.scroll > widths.viewport) overflowing.push(`${path}: ${widths.scroll}px wide`);
  }
  expect(overflowing).toEqual([]);

  // On a phone the main navigation sits behind a Menu button, which works by keyboard.
  await page.goto(`/clinics/${DOWNTOWN}`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Goals" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Goals" })).toBeVisible();
});
