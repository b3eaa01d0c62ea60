import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "../../google/emulator/index.ts";
import { BRIGHT_SMILES_ID } from "../../google/emulator/test-helpers.ts";
import { clinicWith, linkGoogle, startGoogleTestEnv } from "../../google/test-support.ts";
import { addMember, callerAs } from "../../test/fixtures.ts";
import { ONE_TAB_MAPPING } from "../../test/mapping-config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";

// The import wizard browses Google with the caller's OWN linked account only. A linked account
// reads every spreadsheet its Google user can — here the group owner's account also sees clinic
// B's sheet — so a colleague using it would see far beyond this clinic. Real database, the
// emulator and googleapis.
const CONFIG = ONE_TAB_MAPPING;

describe("the import wizard uses only the caller's own Google account", () => {
  let t: TestDatabase;
  let emulator: GoogleEmulator;
  let stop: () => Promise<void>;
  let clinicA: string;
  let clinicB: string;
  let owner: string;
  let staff: string;
  let ownerCredA: string;
  let ownerCredB: string;
  let staffCred: string;
  let providerB: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    ({ emulator, stop } = await startGoogleTestEnv());
    const a = await clinicWith(t.db, ["owner", "staff"]);
    const b = await clinicWith(t.db, []);
    clinicA = a.clinic.id;
    clinicB = b.clinic.id;
    owner = a.people.owner.id;
    staff = a.people.staff.id;
    await addMember(t.db, owner, clinicB, "owner");
    ownerCredA = (await linkGoogle(t.db, emulator, clinicA, owner)).credentialId;
    ownerCredB = (await linkGoogle(t.db, emulator, clinicB, owner)).credentialId;
    staffCred = (await linkGoogle(t.db, emulator, clinicA, staff)).credentialId;
    providerB = (await t.db.provider.create({ data: { clinicId: clinicB, name: "Dr. Bee" } })).id;
  });
  afterAll(async () => {
    await stop?.();
    await t?.close();
  });

  const outcome = (p: Promise<unknown>) => p.then(() => "allowed", (e: { code?: string }) => e.code);
  const connections = () => t.db.spreadsheetConnection.count({ where: { clinicId: clinicA } });

  it("refuses a staff member every wizard step with the owner's linked account, before calling Google", async () => {
    const api = await callerAs(t.db, staff);
    const ref = { clinicId: clinicA, credentialId: ownerCredA };
    const googleCalls = emulator.stats.total;
    const before = await connections();
    const steps: [string, () => Promise<unknown>][] = [
      ["spreadsheets", () => api.sheets.spreadsheets(ref)],
      ["tabs", () => api.sheets.tabs({ ...ref, spreadsheetRef: BRIGHT_SMILES_ID })],
      ["grid", () => api.sheets.grid({ ...ref, spreadsheetId: BRIGHT_SMILES_ID, tab: "Jan-24" })],
      ["suggest", () => api.sheets.suggest({ ...ref, spreadsheetId: BRIGHT_SMILES_ID, tab: "Jan-24", headerRow: 1 })],
      ["preview", () => api.sheets.preview({ ...ref, spreadsheetId: BRIGHT_SMILES_ID, config: CONFIG })],
      ["save", () => api.sheets.save({ ...ref, spreadsheetId: BRIGHT_SMILES_ID, spreadsheetName: "Bright Smiles", config: CONFIG })],
    ];
    for (const [step, call] of steps) expect(await outcome(call()), step).toBe("FORBIDDEN");
    await expect(api.sheets.spreadsheets(ref)).rejects.toThrow(/linked by a colleague.*Connect your own Google account/);
    expect(emulator.stats.total).toBe(googleCalls);
    expect(await connections()).toBe(before);
  });

  it("lets each person browse with their own account (the refusal is not a blanket deny)", async () => {
    const mine = await (await callerAs(t.db, staff)).sheets.spreadsheets({ clinicId: clinicA, credentialId: staffCred });
    expect(mine.files.map((f) => f.id)).toContain(BRIGHT_SMILES_ID);
    const owners = await (await callerAs(t.db, owner)).sheets.spreadsheets({ clinicId: clinicA, credentialId: ownerCredA });
    expect(owners.files.map((f) => f.id)).toContain(BRIGHT_SMILES_ID);
  });

  it("does not let even the owner use their clinic-B link through clinic A", async () => {
    for (const user of [owner, staff]) {
      const api = await callerAs(t.db, user);
      expect(await outcome(api.sheets.spreadsheets({ clinicId: clinicA, credentialId: ownerCredB }))).toBe("NOT_FOUND");
    }
  });

  it("tells the wizard whose link is whose, so it offers only the caller's own", async () => {
    const status = await (await callerAs(t.db, staff)).google.status({ clinicId: clinicA });
    const flags = Object.fromEntries(status.accounts.map((a) => [a.id, a.mine]));
    expect(flags).toEqual({ [staffCred]: true, [ownerCredA]: false });
  });

  it("refuses to save a mapping that names another clinic's provider, and saves one with its own", async () => {
    const api = await callerAs(t.db, staff);
    const base = { clinicId: clinicA, credentialId: staffCred, spreadsheetId: BRIGHT_SMILES_ID, spreadsheetName: "Bright Smiles" };
    const before = await connections();
    await expect(api.sheets.save({ ...base, config: { ...CONFIG, providerMap: { "dr bee": providerB } } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/not one of this clinic's providers/),
    });
    expect(await connections()).toBe(before);

    const own = await api.sheets.createProvider({ clinicId: clinicA, name: "Dr. Ay" });
    const saved = await api.sheets.save({ ...base, config: { ...CONFIG, providerMap: { "dr ay": own.id, office: null } } });
    expect(saved.version).toBe(1);
    expect(await connections()).toBe(before + 1);
  });
});
