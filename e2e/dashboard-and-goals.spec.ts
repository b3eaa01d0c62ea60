import { expect, test } from "./support/fixtures.ts";

const DOWNTOWN = "demo_clinic_downtown";
const money = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(n);

async function signIn(page: import("@playwright/test").Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

test("the demo owner sees the dashboard with the database's numbers, changes the period, and reads the table view", async ({ page, sql }) => {
  await signIn(page, "owner@harbor.demo", "harbor-owner-demo");
  await expect(page.getByRole("heading", { level: 1, name: "All my clinics" })).toBeVisible();
  await page.goto(`/clinics/${DOWNTOWN}?period=custom&from=2025-03-01&to=2025-03-31&granularity=day`);
  await expect(page.getByRole("heading", { level: 1, name: "Harbor Dental – Downtown" })).toBeVisible();

  // Collections for March 2025, straight from the raw rows.
  const { rows } = await sql.query(
    `SELECT sum(CASE WHEN metric_type = 'collection' THEN amount WHEN metric_type = 'refund' THEN -amount ELSE 0 END)::float8 AS c
       FROM financial_metrics WHERE clinic_id = $1 AND date BETWEEN '2025-03-01' AND '2025-03-31'`,
    [DOWNTOWN],
  );
  await expect(page.getByTestId("kpi-collections").getByTestId("kpi-value")).toHaveText(money(rows[0].c));

  // Granularity and period are in the URL; the trend's table view lists one row per week.
  await page.getByLabel("Show by").selectOption("week");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/granularity=week/);
  const trend = page.getByTestId("trend-chart");
  await trend.getByRole("button", { name: "Show table" }).click();
  const table = trend.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Week starting" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "2025-03-03" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "2025-03-10" })).toBeVisible();

  // A KPI's explanation opens from its button (keyboard and touch, not only a hover tooltip).
  const help = page.getByTestId("kpi-net_production").getByRole("button", { name: "About Net production" });
  await help.press("Enter");
  await expect(help).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("kpi-net_production")).toContainText("Gross production minus adjustments");

  // A named period: last month.
  await page.getByLabel("Period", { exact: true }).selectOption("last_month");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/period=last_month/);
  await expect(page.getByTestId("kpi-net_production").getByTestId("kpi-value")).toHaveText(/^\$\d/);
});

test("the owner creates a goal from a template and sees its progress", async ({ page }) => {
  await signIn(page, "owner@harbor.demo", "harbor-owner-demo");
  await page.goto(`/clinics/${DOWNTOWN}/goals`);
  await expect(page.getByRole("heading", { level: 1, name: "Goals" })).toBeVisible();
  const before = await page.getByTestId("goal-card").count();
  await page.getByLabel("Template").selectOption({ label: "New patients: 1.5 per working day" });
  await page.locator("#tpl-period").fill("2025-03-01");
  await page.getByRole("button", { name: "Create goal" }).first().click();
  await expect(page.getByText("Goal created.")).toBeVisible();
  await expect(page.getByTestId("goal-card")).toHaveCount(before + 1);
  const card = page.getByTestId("goal-card").filter({ hasText: "2025-03-01 – 2025-03-31" });
  await expect(card.getByTestId("goal-status")).toHaveText(/Achieved|Missed/);
  await expect(card.getByTestId("goal-actual")).toHaveText(/^\d+$/);
});

test("a viewer sees the dashboard and goals but cannot change goals", async ({ page }) => {
  await signIn(page, "viewer@harbor.demo", "harbor-viewer-demo");
  await expect(page.getByRole("heading", { level: 1, name: "Harbor Dental – Westside" })).toBeVisible();
  await expect(page.getByTestId("kpi-gross_production")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Goals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Goals" })).toBeVisible();
  await expect(page.getByText("Your role can see goals but not change them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create goal" })).toHaveCount(0);
  await expect(page.getByTestId("goal-card").first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Archive / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Update the target of / })).toHaveCount(0);
});

test("the owner is told beside the form what is wrong with a goal, and archives one only after confirming", async ({ page }) => {
  await signIn(page, "owner@harbor.demo", "harbor-owner-demo");
  await page.goto(`/clinics/${DOWNTOWN}/goals`);
  // A negative target: the server's reason, next to the field, which is marked invalid.
  const byHand = page.locator("form").filter({ has: page.getByRole("heading", { name: "New goal by hand" }) });
  await byHand.getByLabel("Name").fill("Negative on purpose");
  await byHand.getByLabel("Target").fill("-5");
  await byHand.getByRole("button", { name: "Create goal" }).click();
  await expect(byHand.getByRole("alert")).toContainText("A target cannot be negative.");
  await expect(byHand.getByLabel("Target")).toHaveAttribute("aria-invalid", "true");

  // A decimal target is accepted (rates are entered in percent).
  await byHand.getByLabel("Name").fill("Answer rate 2024, decimal");
  await byHand.getByLabel("KPI").selectOption({ label: "Answer rate" });
  await byHand.getByLabel("Period", { exact: true }).selectOption("year");
  await byHand.getByLabel("Period starting").fill("2024-01-01");
  await byHand.getByLabel("Target").fill("92.5");
  await byHand.getByRole("button", { name: "Create goal" }).click();
  await expect(byHand.getByText("Goal created.")).toBeVisible();

  // Archive asks first; "Keep it" changes nothing.
  const card = page.getByTestId("goal-card").filter({ hasText: "Answer rate 2024, decimal" });
  await expect(card).toBeVisible();
  const count = await page.getByTestId("goal-card").count();
  await card.getByRole("link", { name: "Archive Answer rate 2024, decimal" }).click();
  await expect(card.getByRole("group")).toBeFocused();
  await card.getByRole("link", { name: "Keep it" }).click();
  await expect(page.getByTestId("goal-card")).toHaveCount(count);
  await card.getByRole("link", { name: "Archive Answer rate 2024, decimal" }).click();
  await card.getByRole("button", { name: "Yes, archive" }).click();
  await expect(page.getByText("Goal archived.")).toBeVisible();
  await expect(page.getByTestId("goal-card")).toHaveCount(count - 1);
  await page.getByRole("link", { name: "Archived" }).click();
  const archived = page.getByTestId("goal-card").filter({ hasText: "Answer rate 2024, decimal" });
  await expect(archived).toBeVisible();
  // …and can be brought back.
  await archived.getByRole("button", { name: "Restore Answer rate 2024, decimal" }).click();
  await expect(page.getByText("Goal restored.")).toBeVisible();
  await page.getByRole("link", { name: "Active" }).click();
  await expect(page.getByTestId("goal-card").filter({ hasText: "Answer rate 2024, decimal" })).toBeVisible();
});

test("the owner switches clinic from the keyboard without leaving the page by accident", async ({ page }) => {
  await signIn(page, "owner@harbor.demo", "harbor-owner-demo");
  await page.goto(`/clinics/${DOWNTOWN}`);
  const switcher = page.getByRole("button", { name: "Clinic: Harbor Dental – Downtown" });
  await switcher.focus();
  await page.keyboard.press("ArrowDown"); // a <select> would have navigated here
  await expect(page).toHaveURL(new RegExp(`/clinics/${DOWNTOWN}$`));
  await page.keyboard.press("Enter");
  const list = page.getByRole("list", { name: "Clinics" });
  await expect(list.getByRole("link", { name: "Harbor Dental – Downtown" })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(switcher).toBeFocused();
  await page.keyboard.press("Enter");
  await list.getByRole("link", { name: "Harbor Dental – Westside" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Harbor Dental – Westside" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Clinic: Harbor Dental – Westside" })).toBeVisible();
});
