// Generator for a big, deterministic KPI sheet used by performance tests (e.g. 50,000 rows).
import { isoDateToSerial } from "./number-format.ts";
import type { Cell, SpreadsheetFixture } from "./types.ts";

export interface LargeSheetOptions {
  id?: string;
  title?: string;
  sheetTitle?: string;
  owner?: string;
  /** First date (YYYY-MM-DD); rows walk forward over Mon–Sat. Default 2010-01-04. */
  startDate?: string;
}

export const LARGE_SHEET_HEADER = [
  "Date", "Provider", "Gross Production", "Adjustments", "Collections", "Scheduled Appts",
  "Completed", "No Shows", "Cancellations", "New Patients", "Total Calls", "Answered Calls",
];

const PROVIDERS = ["Dr. Maria Chen", "Dr. Sam Patel", "Hyg. Lee Ortiz", "Dr. Aisha Grant", "Hyg. Tom Reyes"];

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A single-tab spreadsheet with a header on row 1 and `rows` data rows (one per provider per working day).
 * Columns A–L match LARGE_SHEET_HEADER; date/currency formats come from `columnFormats` so the JSON stays small.
 */
export function makeLargeSheet(rows: number, opts: LargeSheetOptions = {}): SpreadsheetFixture {
  const rand = seededRandom(rows);
  const cents = (min: number, max: number) => Math.round((min + rand() * (max - min)) * 100) / 100;
  const int = (min: number, max: number) => Math.floor(min + rand() * (max - min + 1));
  let serial = isoDateToSerial(opts.startDate ?? "2010-01-04") ?? 40182;
  const data: Cell[][] = [LARGE_SHEET_HEADER];
  let p = 0;
  for (let i = 0; i < rows; i++) {
    if (p === PROVIDERS.length) {
      p = 0;
      serial += 1;
      if ((serial + 6) % 7 === 0) serial += 1; // skip Sundays (serial 1 = Sunday 1899-12-31)
    }
    const provider = PROVIDERS[p] as string;
    const hygienist = provider.startsWith("Hyg.");
    const gross = hygienist ? cents(900, 2600) : cents(2200, 7900);
    const adj = -cents(0, gross * 0.08);
    const scheduled = hygienist ? int(6, 10) : int(8, 15);
    const noShows = int(0, 2);
    const cancels = int(0, 2);
    const first = p === 0;
    const calls = first ? int(35, 90) : null;
    data.push([
      serial, provider, gross, adj, Math.round((gross + adj) * (0.85 + rand() * 0.2) * 100) / 100,
      scheduled, scheduled - noShows - cancels, noShows, cancels, int(0, 3),
      calls, calls === null ? null : calls - int(2, 12),
    ]);
    p++;
  }
  return {
    id: opts.id ?? `large-sheet-${rows}`,
    title: opts.title ?? `Benchmark KPIs (${rows.toLocaleString("en-US")} rows)`,
    ...(opts.owner === undefined ? {} : { owner: opts.owner }),
    modifiedTime: "2024-04-01T12:00:00.000Z",
    locale: "en_US",
    timeZone: "America/Chicago",
    sheets: [
      {
        title: opts.sheetTitle ?? "Data",
        rowCount: rows + 1,
        columnCount: 12,
        frozenRowCount: 1,
        columnFormats: {
          A: { type: "date" },
          C: { type: "currency" },
          D: { type: "currency", fmt: "#,##0.00;(#,##0.00)" },
          E: { type: "currency" },
        },
        rows: data,
      },
    ],
  };
}
