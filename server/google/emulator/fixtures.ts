// Loads fixture files (one JSON file per spreadsheet plus `_emulator.json` and `_drive.json`) into the stored model.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ZodType } from "zod";
import { indexToColumn } from "./a1-range.ts";
import { CellError, normalizeCell } from "./cells.ts";
import { driveFilesSchema, emulatorConfigSchema, spreadsheetSchema } from "./fixture-schema.ts";
import type {
  DemoAccount,
  DriveFileFixture,
  OAuthClientConfig,
  SheetFixture,
  SpreadsheetFixture,
  StoredSheet,
  StoredSpreadsheet,
} from "./types.ts";

export const BUNDLED_FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export const DEFAULT_ACCOUNTS: DemoAccount[] = [
  { sub: "104729384756102938475", email: "demo.owner@clinicpulse.test", name: "Dana Whitfield", givenName: "Dana", familyName: "Whitfield" },
];

export class FixtureError extends Error {}

export interface LoadedFixtures {
  spreadsheets: StoredSpreadsheet[];
  driveFiles: DriveFileFixture[];
  accounts: DemoAccount[];
  clients: OAuthClientConfig[];
}

/** opts.fixturesDir, else $GOOGLE_EMULATOR_FIXTURES_DIR, else the bundled fixtures. */
export function resolveFixturesDir(explicit?: string): string {
  return explicit ?? process.env["GOOGLE_EMULATOR_FIXTURES_DIR"] ?? BUNDLED_FIXTURES_DIR;
}

function stableSheetId(title: string, taken: Set<number>): number {
  let h = 2166136261;
  for (const ch of title) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let id = (h >>> 1) % 2_000_000_000;
  while (taken.has(id)) id++;
  return id;
}

function normalizeSheet(sheet: SheetFixture, index: number, sheetId: number, where: string): StoredSheet {
  const columnFormats = sheet.columnFormats ?? {};
  const rows = sheet.rows.map((row, r) =>
    row.map((cell, c) => {
      try {
        return normalizeCell(cell, columnFormats[indexToColumn(c)]);
      } catch (e) {
        const msg = e instanceof CellError ? e.message : String(e);
        throw new FixtureError(`${where} sheet "${sheet.title}" cell ${indexToColumn(c)}${r + 1}: ${msg}`);
      }
    }),
  );
  const widest = rows.reduce((m, row) => Math.max(m, row.length), 0);
  const rowCount = sheet.rowCount ?? Math.max(1000, rows.length);
  const columnCount = sheet.columnCount ?? Math.max(26, widest);
  if (rows.length > rowCount || widest > columnCount) {
    throw new FixtureError(`${where} sheet "${sheet.title}" has data outside its ${rowCount}x${columnCount} grid`);
  }
  const stored: StoredSheet = {
    sheetId,
    title: sheet.title,
    index,
    hidden: sheet.hidden ?? false,
    rowCount,
    columnCount,
    merges: sheet.merges ?? [],
    columnFormats,
    rows,
  };
  if (sheet.frozenRowCount !== undefined) stored.frozenRowCount = sheet.frozenRowCount;
  return stored;
}

/** Validates and normalizes one spreadsheet fixture. Throws FixtureError with a precise location. */
export function normalizeSpreadsheet(input: unknown, where = "spreadsheet"): StoredSpreadsheet {
  const parsed = spreadsheetSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FixtureError(`${where}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`);
  }
  const fx: SpreadsheetFixture = parsed.data;
  const titles = new Set<string>();
  for (const s of fx.sheets) {
    const key = s.title.toLowerCase();
    if (titles.has(key)) throw new FixtureError(`${where}: duplicate sheet title "${s.title}"`);
    titles.add(key);
  }
  const explicitIds = fx.sheets.flatMap((s) => (s.sheetId === undefined ? [] : [s.sheetId]));
  const taken = new Set<number>(explicitIds);
  if (taken.size !== explicitIds.length) throw new FixtureError(`${where}: duplicate sheetId`);
  const sheets = fx.sheets.map((s, i) => {
    let sheetId = s.sheetId;
    if (sheetId === undefined) {
      sheetId = i === 0 && !taken.has(0) ? 0 : stableSheetId(s.title, taken);
      taken.add(sheetId);
    }
    return normalizeSheet(s, i, sheetId, where);
  });
  const stored: StoredSpreadsheet = {
    id: fx.id,
    title: fx.title,
    sharedWith: fx.sharedWith ?? [],
    modifiedTime: new Date(fx.modifiedTime).toISOString(),
    createdTime: new Date(fx.createdTime ?? fx.modifiedTime).toISOString(),
    trashed: fx.trashed ?? false,
    parents: fx.parents ?? ["root"],
    locale: fx.locale ?? "en_US",
    timeZone: fx.timeZone ?? "America/New_York",
    sheets,
  };
  if (fx.owner !== undefined) stored.owner = fx.owner;
  return stored;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new FixtureError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseOrThrow<T>(schema: ZodType<T>, value: unknown, file: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new FixtureError(`${file}: ${issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "invalid"}`);
}

/** Reads every `*.json` in `dir`: `_emulator.json` (accounts, clients), `_drive.json` (other files), the rest spreadsheets. */
export function loadFixtures(dir: string): LoadedFixtures {
  if (!existsSync(dir)) throw new FixtureError(`fixtures directory not found: ${dir}`);
  const out: LoadedFixtures = { spreadsheets: [], driveFiles: [], accounts: DEFAULT_ACCOUNTS, clients: [] };
  const ids = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const file = path.join(dir, name);
    const json = readJson(file);
    if (name === "_emulator.json") {
      const cfg = parseOrThrow(emulatorConfigSchema, json, file);
      out.accounts = cfg.accounts;
      out.clients = cfg.clients ?? [];
    } else if (name === "_drive.json") {
      out.driveFiles = parseOrThrow(driveFilesSchema, json, file).files;
    } else if (!name.startsWith("_")) {
      const sheet = normalizeSpreadsheet(json, file);
      if (ids.has(sheet.id)) throw new FixtureError(`${file}: duplicate spreadsheet id ${sheet.id}`);
      ids.add(sheet.id);
      out.spreadsheets.push(sheet);
    }
  }
  for (const f of out.driveFiles) {
    if (ids.has(f.id)) throw new FixtureError(`_drive.json: id ${f.id} is also a spreadsheet`);
    ids.add(f.id);
  }
  return out;
}
