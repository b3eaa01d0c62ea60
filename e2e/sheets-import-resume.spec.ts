import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures.ts";

// The import wizard saves each finished step as a draft (sheet_import_drafts) and keeps the draft's
// id in the address (/clinics/:id/sheets/new?draft=…). These specs follow a staff member who leaves
// the wizard half-way and comes back.

const SPREADSHEET = "Bright Smiles Dental – Daily KPIs 2024";

/** The step the progress indicator marks as current, e.g. "Current: 4. Map columns". */
const currentStep = (page: Page) => page.getByRole("navigation", { name: "Import steps" }).locator('[aria-current="step"]');

/** Presses the wizard's Next and waits until the step's choices are saved as the draft. */
async function nextAndSaveDraft(page: Page) {
  const saved = page.waitForResponse((r) => r.url().includes("sheets.saveDraft") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Next" }).click();
  expect((await saved).ok()).toBe(true);
}

/** Links the emulator's demo Google account, picks the fixture spreadsheet and its Feb-24 tab (header on row 3). */
async function startImportUpToMapping(page: Page, clinicId: string) {
  await page.goto(`/clinics/${clinicId}/sheets`);
  await expect(page.getByRole("heading", { level: 1, name: "Google Sheets" })).toBeVisible();
  await page.getByRole("link", { name: "Import a spreadsheet" }).click();

  await page.getByRole("link", { name: "Connect your Google account" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(new RegExp(`/clinics/${clinicId}/sheets/new`));
  await expect(currentStep(page)).toHaveText("Current: 1. Google account");
  await page.getByRole("radio", { name: /Demo Google account/ }).check();
  await nextAndSaveDraft(page);
  await expect(page).toHaveURL(/\/sheets\/new\?draft=[\w-]+$/);

  await expect(currentStep(page)).toHaveText("Current: 2. Spreadsheet");
  await page.getByLabel("Search your spreadsheets").fill("Bright");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: new RegExp(SPREADSHEET) }).click();
  await expect(page.getByText(`Selected: ${SPREADSHEET}`)).toBeVisible();
  await nextAndSaveDraft(page);

  await expect(currentStep(page)).toHaveText("Current: 3. Tabs and header");
  await page.getByRole("checkbox", { name: "Summary" }).uncheck();
  await page.getByRole("checkbox", { name: "Feb-24" }).check();
  await page.getByLabel("Preview tab").selectOption("Feb-24");
  await expect(page.getByTestId("raw-grid")).toContainText("Gross Production");
  await expect(page.getByLabel("Header row")).toHaveValue("3");
  await nextAndSaveDraft(page);

  await expect(currentStep(page)).toHaveText("Current: 4. Map columns");
  await expect(page.getByRole("heading", { name: "Map columns to metrics" })).toBeVisible();
  // Focus follows the step: the new step, not the page (the Next button is gone).
  await expect(page.getByRole("group", { name: "Step 4 of 6: Map columns" })).toBeFocused();
  await expect(page.getByTestId("mapping-table").getByLabel("Metric for Date")).toHaveValue("date");
}

test("a staff member leaves the import wizard half-way (reload, then another page) and comes back to the step they left, with their choices kept", async ({ page, createUser, createClinic, signInAs }) => {
  test.setTimeout(180_000);
  const staff = await createUser({ name: "Rita Resume" });
  const clinic = await createClinic("Resume Test Dental", [{ user: staff, role: "staff" }]);
  await signInAs(page, staff);

  await startImportUpToMapping(page, clinic.id);
  const draftUrl = page.url();

  // 1. Reload on the mapping step: the wizard reopens there, not at the start.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Import a Google spreadsheet" })).toBeVisible();
  await expect(currentStep(page)).toHaveText("Current: 4. Map columns");
  const mapping = page.getByTestId("mapping-table");
  await expect(mapping.getByLabel("Metric for Date")).toHaveValue("date");
  await expect(mapping.getByLabel("Metric for Provider")).toHaveValue("provider");
  await expect(mapping.getByLabel(/Metric for Gross Production/)).toHaveValue("gross_production");

  // The earlier step kept its choices: the spreadsheet's Feb-24 tab with the header on row 3.
  await page.getByRole("button", { name: "Back" }).click();
  await expect(currentStep(page)).toHaveText("Current: 3. Tabs and header");
  await expect(page.getByRole("checkbox", { name: "Feb-24" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Summary" })).not.toBeChecked();
  await expect(page.getByLabel("Preview tab")).toHaveValue("Feb-24");
  await expect(page.getByLabel("Header row")).toHaveValue("3");
  await expect(page.getByTestId("raw-grid")).toContainText("Bright Smiles Dental — February 2024 Daily KPIs");
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 4. Map columns");
  await expect(mapping.getByLabel("Metric for Provider")).toHaveValue("provider");

  // 2. Change a mapping (the provider column is not imported: rows count for the whole clinic)
  //    and go on; the step's choices are saved when Next is pressed.
  await mapping.getByLabel("Metric for Provider").selectOption("");
  await expect(mapping.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Provider", exact: true }) })).toContainText("ignored");
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 5. Check the data");
  await expect(page.getByRole("heading", { name: "Check the data before importing" })).toBeVisible();
  expect(page.url()).toBe(draftUrl);

  // 3. Leave for another page of the app, then come back with the browser's Back button.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google Sheets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Google Sheets" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(draftUrl);
  await expect(currentStep(page)).toHaveText("Current: 5. Check the data");
  await expect(page.getByRole("heading", { name: "Check the data before importing" })).toBeVisible();
  await expect(page.getByText("Date → Date")).toBeVisible();
  await expect(page.getByText("Provider → Provider")).toHaveCount(0);

  // The changed mapping is still there one step back.
  await page.getByRole("button", { name: "Back" }).click();
  await expect(currentStep(page)).toHaveText("Current: 4. Map columns");
  await expect(mapping.getByLabel("Metric for Provider")).toHaveValue("");
  await expect(mapping.getByLabel("Metric for Date")).toHaveValue("date");
  await expect(mapping.getByLabel(/Metric for Gross Production/)).toHaveValue("gross_production");

  // 4. On to the preview of the data with those choices.
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 5. Check the data");
  await expect(page.getByTestId("preview-counts")).toContainText("Tabs Feb-24:");
  await expect(page.getByTestId("preview-counts")).toContainText("valid rows");
  await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(currentStep(page)).toHaveText("Current: 6. Save and sync");
  await expect(page.getByText(`Spreadsheet: ${SPREADSHEET}`)).toBeVisible();
  await expect(page.getByText("Tabs: Feb-24 (header on row 3)")).toBeVisible();
});

// The clinic's Google Sheets page lists the caller's unfinished imports (sheets.drafts) with the
// step reached; each can be resumed (/sheets/new?draft=…) or discarded after a confirmation
// (sheets.discardDraft). A discarded draft's address says the draft is gone and starts afresh.
test("the Google Sheets page lists unfinished imports with their step; one is resumed, another discarded", async ({ page, createUser, createClinic, signInAs }) => {
  test.setTimeout(180_000);
  const staff = await createUser({ name: "Dora Draft" });
  const clinic = await createClinic("Draft List Dental", [{ user: staff, role: "staff" }]);
  await signInAs(page, staff);

  // Nothing unfinished yet: no section.
  await page.goto(`/clinics/${clinic.id}/sheets`);
  await expect(page.getByRole("heading", { level: 1, name: "Google Sheets" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Unfinished imports" })).toHaveCount(0);

  // First import: up to the check step, with the provider column not imported.
  await startImportUpToMapping(page, clinic.id);
  const mapping = page.getByTestId("mapping-table");
  await mapping.getByLabel("Metric for Provider").selectOption("");
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 5. Check the data");

  // Second import, left after choosing the account (no spreadsheet yet).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google Sheets" }).click();
  await page.getByRole("link", { name: "Import a spreadsheet" }).click();
  await expect(currentStep(page)).toHaveText("Current: 1. Google account");
  await page.getByRole("radio", { name: /Demo Google account/ }).check();
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 2. Spreadsheet");
  await expect(page).toHaveURL(/\/sheets\/new\?draft=[\w-]+$/);
  const secondDraftUrl = page.url();

  // Leave, and come back to the clinic's Sheets page from the menu.
  await page.goto(`/clinics/${clinic.id}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google Sheets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Google Sheets" })).toBeVisible();
  const drafts = page.getByRole("list", { name: "Unfinished imports" });
  await expect(drafts.getByRole("listitem")).toHaveCount(2);
  const first = drafts.getByRole("listitem").filter({ hasText: SPREADSHEET });
  const second = drafts.getByRole("listitem").filter({ hasText: "No spreadsheet chosen yet" });
  await expect(first).toHaveCount(1);
  await expect(first).toContainText("Step 5 of 6: Check the data");
  await expect(first).toContainText("Tabs: Feb-24");
  await expect(first).toContainText("Last updated");
  await expect(second).toHaveCount(1);
  await expect(second).toContainText("Step 2 of 6: Spreadsheet");
  // The most recently touched import comes first.
  await expect(drafts.getByRole("listitem").first()).toContainText("No spreadsheet chosen yet");

  // Resume the first: back on the step it was left at, with its choices.
  await first.getByRole("link", { name: /^Resume/ }).click();
  await expect(currentStep(page)).toHaveText("Current: 5. Check the data");
  await expect(page.getByTestId("preview-counts")).toContainText("Tabs Feb-24:");
  await expect(page.getByText("Date → Date")).toBeVisible();
  await page.getByRole("button", { name: "Back" }).click();
  await expect(currentStep(page)).toHaveText("Current: 4. Map columns");
  await expect(mapping.getByLabel("Metric for Provider")).toHaveValue("");
  await expect(mapping.getByLabel("Metric for Date")).toHaveValue("date");

  // Discard the second, from the keyboard: the first press asks; "Keep it" keeps it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google Sheets" }).click();
  await expect(drafts.getByRole("listitem")).toHaveCount(2);
  await second.getByRole("link", { name: /^Discard/ }).focus();
  await page.keyboard.press("Enter");
  const question = page.getByRole("group", { name: /Discard the unfinished import with no spreadsheet chosen yet\?/ });
  await expect(question).toBeVisible();
  await expect(question).toBeFocused();
  await question.getByRole("link", { name: "Keep it" }).click();
  await expect(question).toHaveCount(0);
  await expect(drafts.getByRole("listitem")).toHaveCount(2);

  await second.getByRole("link", { name: /^Discard/ }).click();
  await question.getByRole("button", { name: "Yes, discard" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The unfinished import was discarded." })).toContainText("Nothing had been imported from it");
  await expect(second).toHaveCount(0);
  await expect(first).toHaveCount(1);
  await expect(drafts.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("No spreadsheets connected yet")).toBeVisible();

  // The page fits a phone (375 px): nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(first.getByRole("link", { name: /^Resume/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The discarded draft's address says it is gone, links back, and starts a new import.
  await page.goto(secondDraftUrl);
  await expect(page.getByRole("alert")).toContainText("That import draft no longer exists");
  await expect(page.getByRole("alert").getByRole("link", { name: "Back to Google Sheets" })).toBeVisible();
  await expect(currentStep(page)).toHaveText("Current: 1. Google account");
  await page.getByRole("radio", { name: /Demo Google account/ }).check();
  await nextAndSaveDraft(page);
  await expect(currentStep(page)).toHaveText("Current: 2. Spreadsheet");
  // A new draft, with its own id in the address.
  await expect(page).not.toHaveURL(secondDraftUrl);
  await expect(page).toHaveURL(/\/sheets\/new\?draft=[\w-]+$/);
  await expect(page.getByText("That import draft no longer exists")).toHaveCount(0);
});
