import { expect, test } from "./support/fixtures.ts";

// The e2e server runs without GOOGLE_CLIENT_ID, so "Connect Google" goes to the bundled Google API
// emulator (demo mode), whose consent page stands in for Google's.
test("link the demo Google account through the consent page, see it linked, then disconnect it", async ({ page, createUser, createClinic, signInAs, sql }) => {
  const owner = await createUser({ name: "Gina Google" });
  const clinic = await createClinic("Google Link Dental", [{ user: owner, role: "owner" }]);
  try {
    await signInAs(page, owner);
    await page.goto(`/clinics/${clinic.id}`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google accounts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Google accounts" })).toBeVisible();
    await expect(page.getByText("Demo mode.")).toBeVisible();
    await expect(page.getByTestId("google-empty")).toContainText("No Google account is linked");

    // Consent: the emulator's page, with the read-only permissions we ask for.
    await page.getByRole("link", { name: "Connect Google" }).click();
    await expect(page.getByRole("heading", { name: "Choose an account" })).toBeVisible();
    await expect(page.getByText("See all your Google Sheets spreadsheets")).toBeVisible();
    await expect(page.getByText("See information about your Google Drive files")).toBeVisible();
    await page.getByRole("button", { name: "Allow" }).click();

    // Back in Clinic Pulse: linked, labelled as the demo account, tokens encrypted at rest.
    await expect(page).toHaveURL(new RegExp(`/clinics/${clinic.id}/google\\?google=linked$`));
    await expect(page.getByText("Google account linked.")).toBeVisible();
    const account = page.getByTestId("google-account");
    await expect(account).toHaveCount(1);
    await expect(account).toContainText("Demo Google account (emulator)");
    await expect(account).toContainText("demo.owner@clinicpulse.test");
    await expect(account).toContainText("Linked by you");
    await expect(account.getByTestId("google-status")).toHaveText("Active");
    await expect(page.getByRole("link", { name: "Connect Google" })).toHaveCount(0);
    const stored = await sql.query(`SELECT access_token, refresh_token, status FROM google_credentials WHERE clinic_id = $1`, [clinic.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].status).toBe("active");
    expect(stored.rows[0].access_token).toMatch(/^v1\.[\w-]+\./);
    expect(stored.rows[0].access_token).not.toContain("ya29.");
    expect(stored.rows[0].refresh_token).not.toContain("1//");
    expect(await page.content()).not.toContain("ya29.");

    // Disconnect, with a confirm step (Cancel first, then for real).
    await account.getByRole("link", { name: "Disconnect demo.owner@clinicpulse.test" }).click();
    await expect(account.getByText("Disconnect demo.owner@clinicpulse.test?")).toBeVisible();
    await expect(account.getByRole("group")).toBeFocused();
    await account.getByRole("link", { name: "Cancel" }).click();
    await expect(account.getByRole("button", { name: "Yes, disconnect" })).toHaveCount(0);
    await account.getByRole("link", { name: "Disconnect demo.owner@clinicpulse.test" }).click();
    await account.getByRole("button", { name: "Yes, disconnect" }).click();
    await expect(page.getByText("Disconnected demo.owner@clinicpulse.test. Google access was revoked.")).toBeVisible();
    await expect(page.getByTestId("google-empty")).toBeVisible();
    const after = await sql.query(`SELECT count(*)::int AS n FROM google_credentials WHERE clinic_id = $1`, [clinic.id]);
    expect(after.rows[0].n).toBe(0);

    // Phone width: the page still fits and the button is reachable.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`/clinics/${clinic.id}/google`);
    await expect(page.getByRole("link", { name: "Connect Google" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  } finally {
    await sql.query(`DELETE FROM google_credentials WHERE clinic_id = $1`, [clinic.id]);
    await sql.query(`DELETE FROM google_oauth_states WHERE clinic_id = $1`, [clinic.id]);
  }
});

test("a viewer has no Google nav item and is refused the Google page", async ({ page, createUser, createClinic, signInAs }) => {
  const viewer = await createUser({ name: "Vic Viewer" });
  const clinic = await createClinic("Google Roles Dental", [{ user: viewer, role: "viewer" }]);
  await signInAs(page, viewer);
  await page.goto(`/clinics/${clinic.id}`);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Google accounts" })).toHaveCount(0);
  const refused = await page.goto(`/clinics/${clinic.id}/google`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByText("cannot manage Google connections")).toBeVisible();
});
