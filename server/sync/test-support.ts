/**
 * Test and benchmark helpers for sync: a clinic with providers, a Google credential obtained through
 * the emulator's real consent + token flow (stored encrypted by the production code), a spreadsheet
 * connection and a mapping. Not collected by vitest (no .test. in the name).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db/client.ts";
import { BUNDLED_FIXTURES_DIR, type GoogleEmulator } from "../google/emulator/index.ts";
import { BRIGHT_SMILES_ID, consent } from "../google/emulator/test-helpers.ts";
import type { SpreadsheetFixture } from "../google/emulator/types.ts";
import { createOAuthClient, REQUESTED_SCOPES } from "../google/google-config.ts";
import { exchangeCode, storeCredential } from "../google/oauth/link.ts";
import { mappingConfigSchema, type MappingConfig } from "../sheets/mapping-config.ts";
import { createTenantDb } from "../tenancy/tenant-db.ts";

const REDIRECT_URI = "http://localhost:3000/google/callback";

/** Points the Google configuration at the emulator (demo mode) and sets a throwaway token key. */
export function useEmulatorForGoogle(emu: GoogleEmulator): void {
  delete process.env.GOOGLE_CLIENT_ID;
  delete process.env.GOOGLE_CLIENT_SECRET;
  delete process.env.GOOGLE_DEMO_EMULATOR_STARTED_AT;
  process.env.GOOGLE_DEMO_EMULATOR_URL = emu.url;
  process.env.TOKEN_ENCRYPTION_KEYS ??= `test:${randomBytes(32).toString("base64")}`;
}

export function bundledFixture(file: string): SpreadsheetFixture {
  return JSON.parse(readFileSync(path.join(BUNDLED_FIXTURES_DIR, file), "utf8")) as SpreadsheetFixture;
}

/** Puts the Bright Smiles workbook back as shipped (tests edit cells and delete rows). */
export function resetBrightSmiles(emu: GoogleEmulator): void {
  emu.state.putSpreadsheet(bundledFixture("bright-smiles-daily-kpis-2024.json"));
}

const col = (header: string, index: number, field: string, kind: string) => ({ header, index, field, transform: { kind } });

/** Columns A–L of the Bright Smiles tabs and of makeLargeSheet(): the same twelve headers. */
function kpiSheetColumns() {
  return [
    col("Date", 0, "date", "date"),
    col("Provider", 1, "provider", "provider"),
    col("Gross Production", 2, "gross_production", "currency"),
    col("Adjustments", 3, "adjustments", "currency"),
    col("Collections", 4, "collections", "currency"),
    col("Scheduled Appts", 5, "appointments_scheduled", "integer"),
    col("Completed", 6, "appointments_completed", "integer"),
    col("No Shows", 7, "appointments_no_show", "integer"),
    col("Cancellations", 8, "appointments_cancelled", "integer"),
    col("New Patients", 9, "patients_new", "integer"),
    col("Total Calls", 10, "calls_total", "integer"),
    col("Answered Calls", 11, "calls_answered", "integer"),
  ];
}

/** The mapping a staff member would save for the Bright Smiles month tabs (Collection % ignored). */
export function brightSmilesMapping(providers: { chen: string; patel: string; ortiz: string }, tabs: MappingConfig["tabs"] = { mode: "pattern", pattern: "monthly" }): MappingConfig {
  return mappingConfigSchema.parse({
    version: 1,
    tabs,
    headerRow: 3,
    range: { startColumn: "A", endColumn: "L" },
    columns: kpiSheetColumns(),
    ignored: [{ header: "Collection %", index: 12 }],
    providerMap: { "maria chen": providers.chen, "sam patel": providers.patel, "hyg lee ortiz": providers.ortiz },
  });
}

/** The mapping for makeLargeSheet(): header on row 1, columns A–L. */
export function largeSheetMapping(providerIds: Record<string, string>): MappingConfig {
  return mappingConfigSchema.parse({
    version: 1,
    tabs: { mode: "list", names: ["Data"] },
    headerRow: 1,
    range: { startColumn: "A", endColumn: "L" },
    columns: kpiSheetColumns(),
    providerMap: providerIds,
  });
}

/** Runs the OAuth code flow against the emulator and stores the credential like the app does. */
export async function connectGoogle(db: Db, emu: GoogleEmulator, clinicId: string, userId: string): Promise<string> {
  const client = createOAuthClient({ redirectUri: REDIRECT_URI });
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const authUrl = client.generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    scope: [...REQUESTED_SCOPES],
    state: "test-state",
    code_challenge: codeChallenge,
    code_challenge_method: "S256" as never,
  });
  const redirect = await consent(emu, authUrl);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`consent gave no code: ${redirect.toString()}`);
  const grant = await exchangeCode({ code, codeVerifier: codeVerifier!, redirectUri: REDIRECT_URI });
  const stored = await createTenantDb(db, userId, [clinicId]).run((tx) => storeCredential(tx, { clinicId, userId, grant }));
  if ("error" in stored) throw new Error(`credential not stored: ${stored.error}`);
  return stored.credentialId;
}

export interface SyncWorld {
  clinicId: string;
  userId: string;
  providers: { chen: string; patel: string; ortiz: string };
  credentialId: string;
  connectionId: string;
}

/** A clinic with the three Bright Smiles providers, a Google credential, a connection and its mapping. */
export async function brightSmilesWorld(db: Db, emu: GoogleEmulator, opts: { name?: string; mapping?: (p: SyncWorld["providers"]) => MappingConfig; spreadsheetId?: string } = {}): Promise<SyncWorld> {
  const clinic = await db.clinic.create({ data: { name: opts.name ?? "Bright Smiles Dental", location: "Springfield" }, select: { id: true } });
  const user = await db.user.create({ data: { email: `staff-${randomBytes(4).toString("hex")}@example.test`, name: "Sync Staff" }, select: { id: true } });
  await db.userClinicRole.create({ data: { userId: user.id, clinicId: clinic.id, role: "staff" } });
  const mk = (name: string) => db.provider.create({ data: { name, clinicId: clinic.id }, select: { id: true } }).then((p) => p.id);
  const providers = { chen: await mk("Maria Chen"), patel: await mk("Sam Patel"), ortiz: await mk("Lee Ortiz") };
  const credentialId = await connectGoogle(db, emu, clinic.id, user.id);
  const connection = await db.spreadsheetConnection.create({
    data: {
      clinicId: clinic.id,
      credentialId,
      spreadsheetId: opts.spreadsheetId ?? BRIGHT_SMILES_ID,
      spreadsheetName: "Bright Smiles Dental – Daily KPIs 2024",
      sheetNames: ["Jan-24", "Feb-24", "Mar-24"],
      createdBy: user.id,
    },
    select: { id: true },
  });
  const mapping = (opts.mapping ?? ((p) => brightSmilesMapping(p)))(providers);
  await db.columnMappingV2.create({
    data: { clinicId: clinic.id, connectionId: connection.id, sheetName: "Jan-24", mappingConfig: mapping as never, version: 1, isActive: true, createdBy: user.id },
  });
  return { clinicId: clinic.id, userId: user.id, providers, credentialId, connectionId: connection.id };
}
