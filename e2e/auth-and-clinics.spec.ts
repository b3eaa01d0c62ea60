import { expect, test } from "./support/fixtures.ts";

test("sign up, add a clinic, invite a staff member who accepts, and sign out everywhere", async ({ page, browser, sql }) => {
  const stamp = Date.now().toString(36);
  const ownerEmail = `owner-${stamp}@e2e.test`;
  const staffEmail = `staff-${stamp}@e2e.test`;

  // Sign up: the new user owns their first clinic.
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Paula Owner");
  await page.getByLabel("Email").fill(ownerEmail);
  await page.getByLabel("Password").fill("a long owner passphrase");
  await page.getByLabel("Clinic name").fill(`Seaside Dental ${stamp}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Seaside Dental ${stamp}` })).toBeVisible();
  await expect(page.getByTestId("your-role")).toHaveText("Your role: Owner");

  // A second clinic, from the account page.
  await page.getByRole("link", { name: "Paula Owner" }).click();
  await page.getByLabel("New clinic name").fill(`Bayview Dental ${stamp}`);
  await page.getByRole("button", { name: "Add clinic" }).click();
  await page.getByRole("link", { name: "Open it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Bayview Dental ${stamp}` })).toBeVisible();
  await page.getByRole("button", { name: /^Clinic:/ }).click();
  await expect(page.getByRole("list", { name: "Clinics" })).toContainText("All my clinics");

  // Invite a staff member to the first clinic.
  await page.getByRole("list", { name: "Clinics" }).getByRole("link", { name: `Seaside Dental ${stamp}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Seaside Dental ${stamp}` })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(staffEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("staff");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  const outbox = await sql.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE to_email = $1 AND kind = 'invitation'`, [staffEmail]);
  expect(outbox.rows[0].n).toBe(1);

  // The invitee opens the link in another browser, creates an account and joins.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto(new URL(link).pathname);
  await expect(staff.getByText("as staff")).toBeVisible();
  await staff.getByRole("link", { name: "Create your account to accept" }).click();
  await expect(staff.getByLabel("Email")).toHaveValue(staffEmail);
  await staff.getByLabel("Your name").fill("Sam Staff");
  await staff.getByLabel("Password").fill("a long staff passphrase");
  await staff.getByLabel("Clinic name").fill(`Sam's own practice ${stamp}`);
  await staff.getByRole("button", { name: "Create account" }).click();
  await staff.getByRole("button", { name: "Accept invitation" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: `Seaside Dental ${stamp}` })).toBeVisible();
  await expect(staff.getByTestId("your-role")).toHaveText("Your role: Staff");

  // Staff see a restricted view: no Members or Settings, and the server refuses them too.
  const nav = staff.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(staff.getByTestId("permissions")).not.toContainText("Manage members");
  const clinicUrl = new URL(staff.url()).pathname;
  const refused = await staff.goto(`${clinicUrl}/members`);
  expect(refused?.status()).toBe(403);
  await expect(staff.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  // The refusal keeps the clinic's navigation (the way back) and names the page.
  await expect(staff.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(staff).toHaveTitle("Not allowed · Clinic Pulse");

  // The owner sees the new member.
  await page.reload();
  await expect(page.getByRole("cell", { name: staffEmail })).toBeVisible();

  // Sign out everywhere ends the owner's session in a second browser as well.
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await second.goto("/signin");
  await second.getByLabel("Email").fill(ownerEmail);
  await second.getByLabel("Password").fill("a long owner passphrase");
  await second.getByRole("button", { name: "Sign in" }).click();
  await expect(second.getByRole("heading", { level: 1, name: "All my clinics" })).toBeVisible();

  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await second.reload();
  await expect(second.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await staffContext.close();
  await secondContext.close();
});

test("a wrong password and an unknown email get the same message", async ({ page, createUser }) => {
  const user = await createUser();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("definitely not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.getByLabel("Email").fill("nobody-at-all@e2e.test");
  await page.getByLabel("Password").fill("definitely not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("a member of one clinic cannot open another clinic's pages", async ({ page, createUser, createClinic, signInAs }) => {
  const alice = await createUser({ name: "Alice A" });
  const bob = await createUser({ name: "Bob B" });
  await createClinic("Alpha Dental", [{ user: alice, role: "owner" }]);
  const beta = await createClinic("Beta Dental", [{ user: bob, role: "owner" }]);
  await signInAs(page, alice);
  for (const path of [`/clinics/${beta.id}`, `/clinics/${beta.id}/members`, `/clinics/${beta.id}/settings`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByText("Beta Dental")).toHaveCount(0);
  }
});

test("an owner removes a member only after confirming, and is told what stopped with them", async ({ page, createUser, createClinic, signInAs, sql }) => {
  const owner = await createUser({ name: "Olga Owner" });
  const admin = await createUser({ name: "Arne Admin" });
  const clinic = await createClinic("Removal Dental", [
    { user: owner, role: "owner" },
    { user: admin, role: "admin" },
  ]);
  // An invitation the admin sent earlier.
  await sql.query(
    `INSERT INTO invitations (id, clinic_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, $2, 'friend@e2e.test', 'admin', $3, $4, now() + interval '7 days')`,
    [`e2e_inv_${Date.now().toString(36)}`, clinic.id, `hash-${Date.now()}`, admin.id],
  );
  await signInAs(page, owner);
  await page.goto(`/clinics/${clinic.id}/members`);

  // "Remove" asks first, with the question focused; keeping them changes nothing.
  await page.getByRole("link", { name: "Remove Arne Admin" }).click();
  await expect(page.getByRole("group")).toBeFocused();
  await expect(page.getByRole("group")).toContainText("Remove Arne Admin from Removal Dental?");
  await page.getByRole("link", { name: "Keep them" }).click();
  await expect(page.getByRole("cell", { name: "Arne Admin", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Remove Arne Admin" }).click();
  await page.getByRole("button", { name: "Yes, remove" }).click();
  await expect(page.getByRole("status")).toHaveText("Removed Arne Admin. 1 invitation they sent was withdrawn.");
  await expect(page.getByRole("cell", { name: "Arne Admin", exact: true })).toHaveCount(0);
  await expect(page.getByText("friend@e2e.test")).toHaveCount(0);
});
