import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenantDb } from "../../tenancy/tenant-db.ts";
import { addMember, callerAs, createClinic, createUser } from "../../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { discardUnfinishedImport, listUnfinishedImports } from "./drafts.ts";
import { saveDraft } from "./save-mapping.ts";

// Unfinished imports on a real database, through the tenant handle (Row Level Security on when the
// database has phase 3, as in the app).
describe("unfinished imports (wizard drafts)", () => {
  let t: TestDatabase;
  let clinicId: string;
  let otherClinicId: string;
  let staff: { id: string; name: string | null };
  let colleague: { id: string };
  beforeAll(async () => {
    t = await createTestDatabase();
    clinicId = (await createClinic(t.db, "Draft Dental")).id;
    otherClinicId = (await createClinic(t.db, "Other Dental")).id;
    staff = await createUser(t.db, { name: "Dora Draft" });
    colleague = await createUser(t.db, { name: "Colin Colleague" });
    await addMember(t.db, staff.id, clinicId, "staff");
    await addMember(t.db, staff.id, otherClinicId, "staff");
    await addMember(t.db, colleague.id, clinicId, "owner");
  });
  afterAll(async () => t?.close());

  const as = (userId: string, clinic = clinicId) => createTenantDb(t.db, userId, [clinic]);

  it("lists the caller's drafts with spreadsheet, tabs, the step reached and who started it, newest first", async () => {
    const db = as(staff.id);
    const first = await db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, step: "spreadsheet", state: { step: 1, credentialId: "c1", tabMode: "list", tabs: [], pattern: "monthly" } }));
    const second = await db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, step: "spreadsheet", state: { step: 1, credentialId: "c1" } }));
    // The second draft goes on to the check step with a spreadsheet and a tab.
    for (const [step, n] of [["tabs", 2], ["map", 3], ["check", 4]] as const) {
      await db.run((tx) =>
        saveDraft(tx, { clinicId, userId: staff.id, draftId: second.draftId, step, state: { step: n, credentialId: "c1", spreadsheetId: "sheet-1", spreadsheetName: "Bright Smiles KPIs", tabMode: "list", tabs: ["Feb-24"], pattern: "monthly" } }),
      );
    }
    const list = await db.run((tx) => listUnfinishedImports(tx, clinicId, staff.id));
    expect(list.map((d) => d.id)).toEqual([second.draftId, first.draftId]);
    expect(list[0]).toMatchObject({ spreadsheetName: "Bright Smiles KPIs", tabs: ["Feb-24"], tabPattern: null, stepNumber: 5, stepKey: "check", stepLabel: "Check the data", totalSteps: 6, startedBy: { userId: staff.id, name: "Dora Draft" } });
    expect(list[1]).toMatchObject({ spreadsheetName: null, tabs: [], tabPattern: null, stepNumber: 2, stepLabel: "Spreadsheet", totalSteps: 6 });
    expect(list[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(list[1]!.updatedAt.getTime());
  });

  it("reports a tab pattern, and copes with a malformed saved state", async () => {
    const db = as(staff.id);
    const pattern = await db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, step: "map", state: { step: 3, spreadsheetName: "Monthly tabs", tabMode: "pattern", tabs: [], pattern: "monthly" } }));
    const broken = await db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, step: "not-a-step", state: { step: "x", spreadsheetName: 42, tabs: "Feb-24" } }));
    const list = await db.run((tx) => listUnfinishedImports(tx, clinicId, staff.id));
    expect(list.find((d) => d.id === pattern.draftId)).toMatchObject({ tabs: [], tabPattern: "monthly", stepNumber: 4, stepLabel: "Map columns" });
    expect(list.find((d) => d.id === broken.draftId)).toMatchObject({ spreadsheetName: null, tabs: [], stepNumber: 1, stepLabel: "Google account" });
    await db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: pattern.draftId }));
    await db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: broken.draftId }));
  });

  it("lists only this clinic's drafts of this person: not another clinic's, not a colleague's", async () => {
    const mine = await as(staff.id, otherClinicId).run((tx) => saveDraft(tx, { clinicId: otherClinicId, userId: staff.id, step: "spreadsheet", state: { step: 1 } }));
    const theirs = await as(colleague.id).run((tx) => saveDraft(tx, { clinicId, userId: colleague.id, step: "tabs", state: { step: 2, spreadsheetName: "Colin's sheet" } }));
    const staffHere = await as(staff.id).run((tx) => listUnfinishedImports(tx, clinicId, staff.id));
    expect(staffHere.map((d) => d.id)).not.toContain(mine.draftId);
    expect(staffHere.map((d) => d.id)).not.toContain(theirs.draftId);
    expect((await as(staff.id, otherClinicId).run((tx) => listUnfinishedImports(tx, otherClinicId, staff.id))).map((d) => d.id)).toEqual([mine.draftId]);
    expect((await as(colleague.id).run((tx) => listUnfinishedImports(tx, clinicId, colleague.id))).map((d) => d.id)).toEqual([theirs.draftId]);
  });

  it("discards a draft, and refuses (NOT_FOUND, nothing deleted) another clinic's, a colleague's, or one already gone", async () => {
    const db = as(staff.id);
    const draft = await db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, step: "map", state: { step: 3, spreadsheetName: "To discard" } }));
    const elsewhere = await as(staff.id, otherClinicId).run((tx) => saveDraft(tx, { clinicId: otherClinicId, userId: staff.id, step: "tabs", state: { step: 2 } }));
    const colleagues = await as(colleague.id).run((tx) => saveDraft(tx, { clinicId, userId: colleague.id, step: "tabs", state: { step: 2 } }));
    const count = () => t.db.sheetImportDraft.count();
    const before = await count();

    // Another clinic's draft named through this clinic, and a colleague's (even for the clinic's owner).
    await expect(db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: elsewhere.draftId }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: colleagues.draftId }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(colleague.id).run((tx) => discardUnfinishedImport(tx, { clinicId, userId: colleague.id, draftId: draft.draftId }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await count()).toBe(before);

    const result = await db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: draft.draftId }));
    expect(result).toMatchObject({ draftId: draft.draftId, spreadsheetName: "To discard" });
    expect(result.message).toContain("“To discard” was discarded");
    expect(await count()).toBe(before - 1);
    expect(await t.db.sheetImportDraft.findUnique({ where: { id: draft.draftId } })).toBeNull();

    // Twice: already gone.
    await expect(db.run((tx) => discardUnfinishedImport(tx, { clinicId, userId: staff.id, draftId: draft.draftId }))).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("no longer exists"),
    });
    // A discarded draft can no longer be saved into by the wizard either.
    await expect(db.run((tx) => saveDraft(tx, { clinicId, userId: staff.id, draftId: draft.draftId, step: "check", state: { step: 4 } }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("through the router: google:manage roles list and discard their own; other roles are refused", async () => {
    const viewer = await createUser(t.db, { name: "Vera Viewer" });
    await addMember(t.db, viewer.id, clinicId, "viewer");
    const api = await callerAs(t.db, staff.id);
    const { draftId } = await api.sheets.saveDraft({ clinicId, step: "spreadsheet", state: { step: 1, credentialId: "c1" } });
    expect((await api.sheets.drafts({ clinicId })).map((d) => d.id)).toContain(draftId);
    await expect((await callerAs(t.db, viewer.id)).sheets.drafts({ clinicId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await callerAs(t.db, viewer.id)).sheets.discardDraft({ clinicId, draftId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.sheets.discardDraft({ clinicId, draftId })).resolves.toMatchObject({ draftId, spreadsheetName: null });
    expect((await api.sheets.drafts({ clinicId })).map((d) => d.id)).not.toContain(draftId);
    await expect(api.sheets.draft({ clinicId, draftId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
