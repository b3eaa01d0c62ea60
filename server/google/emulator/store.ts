// In-memory Drive/Sheets data with runtime mutation helpers for tests (putSpreadsheet, setCell, deleteRow...).
import { columnToIndex, indexToColumn } from "./a1-range.ts";
import { normalizeCell } from "./cells.ts";
import { FixtureError, normalizeSpreadsheet } from "./fixtures.ts";
import type { Cell, DriveFileFixture, SpreadsheetFixture, StoredSheet, StoredSpreadsheet } from "./types.ts";

/** Emulator time; tests can move it forward to expire tokens without waiting. */
export class Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";

export class DataStore {
  readonly spreadsheets = new Map<string, StoredSpreadsheet>();
  readonly driveFiles = new Map<string, DriveFileFixture>();

  constructor(private readonly clock: Clock) {}

  /** Adds or replaces a spreadsheet (validated like a fixture file). */
  putSpreadsheet(fixture: SpreadsheetFixture): StoredSpreadsheet {
    const stored = normalizeSpreadsheet(fixture, `putSpreadsheet(${fixture.id})`);
    this.driveFiles.delete(stored.id);
    this.spreadsheets.set(stored.id, stored);
    return stored;
  }

  /** Inserts an already-normalized spreadsheet (used by the fixture loader). */
  addStored(stored: StoredSpreadsheet): void {
    this.spreadsheets.set(stored.id, stored);
  }

  removeSpreadsheet(id: string): boolean {
    return this.spreadsheets.delete(id);
  }

  getSpreadsheet(id: string): StoredSpreadsheet | undefined {
    return this.spreadsheets.get(id);
  }

  putDriveFile(file: DriveFileFixture): void {
    if (this.spreadsheets.has(file.id)) throw new FixtureError(`id ${file.id} is a spreadsheet`);
    this.driveFiles.set(file.id, { ...file });
  }

  /** Marks a spreadsheet or file as trashed / untrashed. */
  setTrashed(id: string, trashed: boolean): void {
    const ss = this.spreadsheets.get(id);
    const file = this.driveFiles.get(id);
    if (ss) ss.trashed = trashed;
    else if (file) file.trashed = trashed;
    else throw new FixtureError(`no file ${id}`);
  }

  private sheetOf(spreadsheetId: string, sheetTitle: string): { ss: StoredSpreadsheet; sheet: StoredSheet } {
    const ss = this.spreadsheets.get(spreadsheetId);
    if (!ss) throw new FixtureError(`no spreadsheet ${spreadsheetId}`);
    const sheet = findSheet(ss, sheetTitle);
    if (!sheet) throw new FixtureError(`spreadsheet ${spreadsheetId} has no sheet "${sheetTitle}"`);
    return { ss, sheet };
  }

  private touch(ss: StoredSpreadsheet): void {
    const now = Math.max(this.clock.now(), Date.parse(ss.modifiedTime) + 1);
    ss.modifiedTime = new Date(now).toISOString();
  }

  /** Sets one cell (`cell` is A1 like "C5"); grows the grid if needed and bumps modifiedTime. */
  setCell(spreadsheetId: string, sheetTitle: string, cell: string, value: Cell): void {
    const { ss, sheet } = this.sheetOf(spreadsheetId, sheetTitle);
    const m = /^([A-Za-z]{1,3})([1-9][0-9]*)$/.exec(cell);
    if (!m) throw new FixtureError(`setCell expects a single cell like "C5", got "${cell}"`);
    const col = columnToIndex(m[1] as string);
    const row = Number(m[2]) - 1;
    while (sheet.rows.length <= row) sheet.rows.push([]);
    const target = sheet.rows[row] as (typeof sheet.rows)[number];
    while (target.length <= col) target.push(null);
    target[col] = normalizeCell(value, sheet.columnFormats[indexToColumn(col)]);
    sheet.rowCount = Math.max(sheet.rowCount, row + 1);
    sheet.columnCount = Math.max(sheet.columnCount, col + 1);
    this.touch(ss);
  }

  /** Deletes a 1-based row, shifting the rows below up (like Sheets' "Delete row"). */
  deleteRow(spreadsheetId: string, sheetTitle: string, row: number): void {
    const { ss, sheet } = this.sheetOf(spreadsheetId, sheetTitle);
    if (!Number.isInteger(row) || row < 1 || row > sheet.rowCount) throw new FixtureError(`row ${row} is outside the grid`);
    sheet.rows.splice(row - 1, 1);
    sheet.rowCount = Math.max(1, sheet.rowCount - 1);
    this.touch(ss);
  }

  /** Appends rows after the last non-empty row. */
  appendRows(spreadsheetId: string, sheetTitle: string, rows: Cell[][]): void {
    const { ss, sheet } = this.sheetOf(spreadsheetId, sheetTitle);
    while (sheet.rows.length > 0 && (sheet.rows[sheet.rows.length - 1] ?? []).every((c) => c === null)) sheet.rows.pop();
    for (const r of rows) sheet.rows.push(r.map((c, i) => normalizeCell(c, sheet.columnFormats[indexToColumn(i)])));
    sheet.rowCount = Math.max(sheet.rowCount, sheet.rows.length);
    sheet.columnCount = Math.max(sheet.columnCount, ...rows.map((r) => r.length));
    this.touch(ss);
  }
}

/** Exact title match first, then case-insensitive (Sheets resolves tab names case-insensitively). */
export function findSheet(ss: StoredSpreadsheet, title: string): StoredSheet | undefined {
  return ss.sheets.find((s) => s.title === title) ?? ss.sheets.find((s) => s.title.toLowerCase() === title.toLowerCase());
}

export function canAccess(file: { owner?: string; sharedWith?: string[] }, email: string): boolean {
  return file.owner === undefined || file.owner === email || (file.sharedWith ?? []).includes(email);
}
