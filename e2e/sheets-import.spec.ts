import { expect, test } from "./support/fixtures.ts";

const money = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(n);

test("staff link the demo Google account, map a spreadsheet, see bad cells, sync, and see the numbers on the dashboard", async ({ page, sql, createUser, createClinic, signInAs }) => {
  test.setTimeout(180_000);
  const staff = await createUser({ name: "Sheila Staff" });
  const clinic = await createClinic("Sheets Test Dental", [{ user: staff, role: "staff" }]);
  await signInAs(page, staff);
  const february = `/clinics/${clinic.id}?period=custom&from=2024-02-01&to=2024-02-29&granularity=week`;

  // Before any sync the dashboard has nothing for February (this answer is now cached by the app).
  await page.goto(february);
  await expect(page.getByTestId("dashboard-empty")).toContainText("No numbers for this period yet");

  await page.goto(`/clinics/${clinic.id}/sheets`);
  await expect(page.getByText("No spreadsheets connected yet")).toBeVisible();
  await page.getByRole("link", { name: "Import a spreadsheet" }).click();

  // 1. Link Google: the emulator's consent page stands in for Google's.
  await page.getByRole("link", { name: "Connect your Google account" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(new RegExp(`/clinics/${clinic.id}/sheets/new`));
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Next" }).click();

  // 2. Find the spreadsheet.
  await page.getByLabel("Search your spreadsheets").fill("Bright");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: /Bright Smiles Dental – Daily KPIs 2024/ }).click();
  await expect(page.getByText("Selected: Bright Smiles Dental – Daily KPIs 2024")).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();

  // 3. One month tab; the header is on row 3 (a title and merged headers sit above it).
  await page.getByRole("checkbox", { name: "Summary" }).uncheck();
  await page.getByRole("checkbox", { name: "Feb-24" }).check();
  await page.getByLabel("Preview tab").selectOption("Feb-24");
  await expect(page.getByTestId("raw-grid")).toContainText("Gross Production");
  await expect(page.getByLabel("Header row")).toHaveValue("3");
  await page.getByRole("button", { name: "Next" }).click();

  // 4. Accept the suggestions, fix one, and add the sheet's providers to the clinic.
  const mapping = page.getByTestId("mapping-table");
  await expect(mapping.getByLabel("Metric for Date")).toHaveValue("date");
  await expect(mapping.getByLabel(/Metric for Gross Production/)).toHaveValue("gross_production");
  await mapping.getByLabel("Metric for Cancellations").selectOption("");
  const addProvider = page.getByRole("button", { name: /^Add “.+” as a provider$/ });
  for (let i = 0; i < 5 && (await addProvider.count()) > 0; i++) {
    const before = await addProvider.count();
    await addProvider.first().click();
    await expect(addProvider).toHaveCount(before - 1);
  }
  await expect(page.getByLabel("Maria Chen", { exact: true })).not.toHaveValue("");
  await page.getByRole("button", { name: "Next" }).click();

  // 5. The preview flags the bad cells and explains them.
  await expect(page.getByTestId("preview-counts")).toContainText("valid rows");
  const bad = page.getByTestId("bad-cells");
  await expect(bad).toBeVisible();
  await expect(bad).toContainText("Feb-24");
  await expect(bad.getByRole("row").nth(1)).toBeVisible();
  // The rows as they will be imported, in people's words: labels and dollars, not field keys.
  await page.getByText(/Rows as they will be imported/).click();
  const rowsPreview = page.locator("details");
  await expect(rowsPreview).toContainText(/Gross Production \$[\d,]+\.\d\d/);
  await expect(rowsPreview).not.toContainText("gross_production");
  await page.getByRole("button", { name: "Next" }).click();

  // 6. Save and sync.
  await page.getByRole("button", { name: "Save and sync now" }).click();
  await expect(page.getByText(/Mapping saved/)).toBeVisible();
  await expect(page.getByTestId("last-run")).toContainText("Synced", { timeout: 90_000 });

  // The dashboard shows the synced numbers.
  const { rows } = await sql.query(
    `SELECT coalesce(sum(amount), 0)::float8 AS gross, count(*)::int AS n FROM financial_metrics WHERE clinic_id = $1 AND metric_type = 'production' AND date BETWEEN '2024-02-01' AND '2024-02-29'`,
    [clinic.id],
  );
  expect(rows[0].n).toBeGreaterThan(10);
  // The same view as before the sync: the sync made the cached empty answer obsolete.
  await page.goto(february);
  await expect(page.getByTestId("kpi-gross_production").getByTestId("kpi-value")).toHaveText(money(rows[0].gross));

  // Syncing again with the sheet unchanged saves nothing, says so, and still lists the bad cells.
  await page.goto(`/clinics/${clinic.id}/sheets`);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("last-run")).toContainText(/: 0 new, 0 updated, [1-9]\d* unchanged, 0 removed/, { timeout: 90_000 });
  const runs = await sql.query(
    `SELECT (SELECT count(*) FROM sync_rejections r WHERE r.run_id = s.id)::int AS cells FROM sync_runs s WHERE clinic_id = $1 AND status = 'succeeded' ORDER BY created_at`,
    [clinic.id],
  );
  expect(runs.rows).toHaveLength(2);
  expect(runs.rows[0].cells).toBeGreaterThan(0);
  expect(runs.rows[1].cells).toBe(runs.rows[0].cells);
  await page.getByRole("link", { name: "Sync history" }).click();
  await page.getByRole("link", { name: /Details of the sync started/ }).first().click();
  const detail = page.getByTestId("run-detail");
  await expect(detail).toContainText("Nothing had changed since the previous sync");
  await expect(detail.getByRole("heading", { name: `Rejected cells (${runs.rows[0].cells})` })).toBeVisible();
});
