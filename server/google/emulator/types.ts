// Shared types of the Google API emulator: the fixture (input) format and the stored (normalized) model.

export type CellType = "currency" | "percent" | "date" | "number" | "text" | "error" | "boolean";

/** A cell as written in a fixture file or passed to `state.setCell`. */
export type Cell = null | string | number | boolean | CellObject;

export interface CellObject {
  /** Underlying (unformatted) value. Dates are serial numbers (days since 1899-12-30). */
  v?: number | string | boolean | null;
  /** Sugar for a date cell: `{ date: "2024-01-15" }` == `{ v: 45306, type: "date" }`. */
  date?: string;
  /** Displayed text (FORMATTED_VALUE). Wins over `fmt`. */
  f?: string;
  /** Number format pattern (subset of Sheets patterns), e.g. `"$"#,##0.00`, `0.0%`, `M/d/yyyy`. */
  fmt?: string;
  /** Formula text, returned with valueRenderOption=FORMULA, e.g. `=SUM(C4:C30)`. */
  formula?: string;
  type?: CellType;
  /** Free-text comment for fixture authors; never returned by the API. */
  note?: string;
}

export interface ColumnFormat {
  type?: CellType;
  fmt?: string;
}

export interface GridRangeFixture {
  startRowIndex: number;
  endRowIndex: number;
  startColumnIndex: number;
  endColumnIndex: number;
}

export interface SheetFixture {
  title: string;
  sheetId?: number;
  hidden?: boolean;
  /** Grid size; defaults to max(1000, rows) x max(26, widest row), like a new Google sheet. */
  rowCount?: number;
  columnCount?: number;
  frozenRowCount?: number;
  /** Formats applied to plain numbers (and untyped cell objects) in a column, keyed by letter: `{ "C": { "type": "currency" } }`. */
  columnFormats?: Record<string, ColumnFormat>;
  merges?: GridRangeFixture[];
  rows: Cell[][];
}

export interface SpreadsheetFixture {
  /** Free text for fixture readers (e.g. which messy cases the file contains); not served. */
  description?: string;
  id: string;
  title: string;
  /** Email of the owning demo account. Absent = visible to every account. */
  owner?: string;
  /** Other accounts that can read the file. */
  sharedWith?: string[];
  modifiedTime: string;
  createdTime?: string;
  trashed?: boolean;
  /** Drive folder ids; default ["root"]. */
  parents?: string[];
  locale?: string;
  timeZone?: string;
  sheets: SheetFixture[];
}

/** A non-spreadsheet Drive file (PDF, folder, xlsx, doc...) listed by drive.files.list. */
export interface DriveFileFixture {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime: string;
  createdTime?: string;
  owner?: string;
  sharedWith?: string[];
  trashed?: boolean;
  parents?: string[];
  size?: string;
}

export interface DemoAccount {
  sub: string;
  email: string;
  name: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Shown on the consent page. */
  name?: string;
}

// ---- stored model ----

export interface StoredCell {
  v: number | string | boolean;
  type: CellType;
  fmt?: string;
  f?: string;
  formula?: string;
}

export interface StoredSheet {
  sheetId: number;
  title: string;
  index: number;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  frozenRowCount?: number;
  merges: GridRangeFixture[];
  columnFormats: Record<string, ColumnFormat>;
  rows: (StoredCell | null)[][];
}

export interface StoredSpreadsheet {
  id: string;
  title: string;
  owner?: string;
  sharedWith: string[];
  modifiedTime: string;
  createdTime: string;
  trashed: boolean;
  parents: string[];
  locale: string;
  timeZone: string;
  sheets: StoredSheet[];
}
