// Regenerates the bundled fixtures deterministically:
//   node --import tsx server/google/emulator/tools/generate-fixtures.ts
// Hand edits to fixtures/*.json are fine too; this script just guarantees real 2024 dates and weekday patterns.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { BUNDLED_FIXTURES_DIR } from "../fixtures.ts";
import type { Cell, DriveFileFixture, SpreadsheetFixture } from "../types.ts";
import { buildBrightSmiles } from "./bright-smiles.ts";
import { buildFrontDeskCalls, buildLakeside, buildOld2023 } from "./other-sheets.ts";

export const ACCOUNTS = {
  owner: "demo.owner@clinicpulse.test",
  frontDesk: "frontdesk@clinicpulse.test",
  lakeside: "lakeside.admin@clinicpulse.test",
};

/** Pretty JSON with one sheet row per line, so fixtures diff and read well. */
export function formatFixture(fx: SpreadsheetFixture): string {
  const rows: Cell[][][] = fx.sheets.map((s) => s.rows);
  const copy = { ...fx, sheets: fx.sheets.map((s, i) => ({ ...s, rows: `__ROWS_${i}__` })) };
  let text = JSON.stringify(copy, null, 2);
  rows.forEach((r, i) => {
    const body = r.length === 0 ? "[]" : `[\n${r.map((row) => `        ${JSON.stringify(row)}`).join(",\n")}\n      ]`;
    text = text.replace(`"__ROWS_${i}__"`, () => body);
  });
  return `${text}\n`;
}

function write(name: string, content: string): void {
  writeFileSync(path.join(BUNDLED_FIXTURES_DIR, name), content);
}

const driveFiles: DriveFileFixture[] = [
  { id: "0BemuClinicReportsFolder", name: "Clinic Reports", mimeType: "application/vnd.google-apps.folder", modifiedTime: "2024-01-02T15:00:00.000Z", owner: ACCOUNTS.owner },
  { id: "1emuFeeSchedule2024Pdf", name: "Fee Schedule 2024.pdf", mimeType: "application/pdf", modifiedTime: "2024-01-03T16:12:09.000Z", owner: ACCOUNTS.owner, parents: ["0BemuClinicReportsFolder"], size: "184233" },
  { id: "1emuKpiExportFeb2024Xlsx", name: "KPI export Feb 2024.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", modifiedTime: "2024-03-02T10:41:55.000Z", owner: ACCOUNTS.owner, size: "48211" },
  { id: "1emuPhoneScriptDoc", name: "Front desk phone script", mimeType: "application/vnd.google-apps.document", modifiedTime: "2024-02-12T19:05:00.000Z", owner: ACCOUNTS.frontDesk, sharedWith: [ACCOUNTS.owner] },
];

const emulatorConfig = {
  accounts: [
    { sub: "104729384756102938475", email: ACCOUNTS.owner, name: "Dana Whitfield", givenName: "Dana", familyName: "Whitfield" },
    { sub: "118273645501928374650", email: ACCOUNTS.frontDesk, name: "Riley Brooks", givenName: "Riley", familyName: "Brooks" },
    { sub: "109876543210987654321", email: ACCOUNTS.lakeside, name: "Priya Raman", givenName: "Priya", familyName: "Raman" },
  ],
};

function main(): void {
  write("bright-smiles-daily-kpis-2024.json", formatFixture(buildBrightSmiles(ACCOUNTS)));
  write("front-desk-calls.json", formatFixture(buildFrontDeskCalls(ACCOUNTS)));
  write("lakeside-collections.json", formatFixture(buildLakeside(ACCOUNTS)));
  write("bright-smiles-daily-kpis-2023-old.json", formatFixture(buildOld2023(ACCOUNTS)));
  write("_drive.json", `${JSON.stringify({ files: driveFiles }, null, 2)}\n`);
  write("_emulator.json", `${JSON.stringify(emulatorConfig, null, 2)}\n`);
  console.log(`fixtures written to ${BUNDLED_FIXTURES_DIR}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
