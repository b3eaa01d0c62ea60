// "Bright Smiles Dental – Daily KPIs 2024": the deliberately messy, realistic practice workbook.
import type { Cell, GridRangeFixture, SheetFixture, SpreadsheetFixture } from "../types.ts";
import { Dice, monthDates, providerDay, PROVIDERS, round2, weekday, type FixtureAccounts, type ProviderDay } from "./dental-data.ts";

const HEADER = [
  "Date", "Provider", "Gross Production", "Adjustments", "Collections", "Scheduled Appts",
  "Completed", "No Shows", "Cancellations", "New Patients", "Total Calls", "Answered Calls", "Collection %",
];
const ACCOUNTING = "#,##0.00;(#,##0.00)";
const PCT = "0.0%";

const MONTH_FORMATS = {
  A: { type: "date" as const, fmt: "M/d/yyyy" },
  C: { type: "currency" as const },
  D: { type: "currency" as const, fmt: ACCOUNTING },
  E: { type: "currency" as const },
  M: { type: "percent" as const, fmt: PCT },
};

interface MonthTotals {
  title: string;
  totalRow: number;
  gross: number;
  adjustments: number;
  collections: number;
  completed: number;
  noShows: number;
  newPatients: number;
}

const merge = (r0: number, r1: number, c0: number, c1: number): GridRangeFixture => ({ startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 });

function isOpen(date: string): boolean {
  const wd = weekday(date);
  if (wd === 0 || date === "2024-01-01") return false; // Sundays, New Year's Day
  return wd !== 6 || Number(date.slice(8)) <= 7; // first Saturday of the month only
}

function monthTab(month: 1 | 2 | 3, title: string, monthName: string, seed: number): { sheet: SheetFixture; totals: MonthTotals } {
  const dice = new Dice(seed);
  const rows: Cell[][] = [
    [`Bright Smiles Dental — ${monthName} 2024 Daily KPIs`],
    [null, null, "Production", null, "Collections", "Schedule", null, null, null, "Patients", "Phones", null, "KPIs"],
    month === 2 ? HEADER.map((h) => (h === "No Shows" ? "No-Shows" : h === "Gross Production" ? "Gross Production " : h)) : HEADER,
  ];
  const merges = [merge(0, 1, 0, 13), merge(1, 2, 2, 4), merge(1, 2, 5, 9), merge(1, 2, 10, 12)];
  const first = rows.length + 1;
  const t = { gross: 0, adjustments: 0, collections: 0, scheduled: 0, completed: 0, noShows: 0, cancellations: 0, newPatients: 0, calls: 0, answered: 0 };

  for (const date of monthDates(2024, month).filter(isOpen)) {
    const providers = weekday(date) === 6 ? [PROVIDERS[0], PROVIDERS[2]] : [...PROVIDERS];
    const dayStart = rows.length;
    providers.forEach((provider, i) => {
      const d: ProviderDay = providerDay(dice, date, provider, i === 0, weekday(date) === 6);
      if (date === "2024-01-12" && provider === "Dr. Sam Patel") {
        Object.assign(d, { gross: 0, adjustments: 0, collections: 0, scheduled: 0, completed: 0, noShows: 0, cancellations: 0, newPatients: 0 });
      }
      const r = rows.length + 1;
      let dateCell: Cell = { date };
      if (month === 3 && i > 0) dateCell = null; // March: date cells merged vertically per day
      if (date === "2024-02-29" && provider === "Hyg. Lee Ortiz") dateCell = "2/30/2024"; // typo, stored as text
      let name: string = provider;
      if (date === "2024-03-14" && provider === "Dr. Maria Chen") name = "Dr Maria Chen";
      if (date === "2024-03-21" && provider === "Hyg. Lee Ortiz") name = "Hyg. Lee Ortiz ";
      let collections: Cell = d.collections;
      let pct: Cell = d.gross + d.adjustments === 0
        ? { formula: `=E${r}/(C${r}+D${r})`, v: "#DIV/0!", type: "error" }
        : { formula: `=E${r}/(C${r}+D${r})`, v: Number((d.collections / (d.gross + d.adjustments)).toFixed(6)) };
      if (date === "2024-01-23" && provider === "Hyg. Lee Ortiz") {
        collections = "n/a";
        pct = { formula: `=E${r}/(C${r}+D${r})`, v: "#VALUE!", type: "error" };
      }
      if (date === "2024-02-07" && provider === "Dr. Maria Chen") collections = `$${d.collections.toLocaleString("en-US", { minimumFractionDigits: 2 })}`; // typed as text
      const newPatients: Cell = month === 3 && date === "2024-03-08" ? null : d.newPatients;
      rows.push([
        dateCell, name, d.gross, d.adjustments, collections, d.scheduled, d.completed, d.noShows, d.cancellations,
        newPatients, d.calls?.total ?? null, d.calls?.answered ?? null, pct,
      ]);
      t.gross += d.gross;
      t.adjustments += d.adjustments;
      if (typeof collections === "number") t.collections += collections; // SUM() skips text cells
      t.scheduled += d.scheduled;
      t.completed += d.completed;
      t.noShows += d.noShows;
      t.cancellations += d.cancellations;
      if (typeof newPatients === "number") t.newPatients += newPatients;
      t.calls += d.calls?.total ?? 0;
      t.answered += d.calls?.answered ?? 0;
    });
    if (month === 3 && providers.length > 1) merges.push(merge(dayStart, dayStart + providers.length, 0, 1));
    if (date === "2024-01-19") rows.push([]); // stray blank row between weeks
  }

  const last = rows.length;
  const total = last + 1;
  const sum = (col: string, v: number): Cell => ({ formula: `=SUM(${col}${first}:${col}${last})`, v: round2(v) });
  rows.push([
    "Total", null, sum("C", t.gross), sum("D", t.adjustments), sum("E", t.collections), sum("F", t.scheduled),
    sum("G", t.completed), sum("H", t.noShows), sum("I", t.cancellations), sum("J", t.newPatients), sum("K", t.calls),
    month === 2 ? { formula: "=SUM(#REF!)", v: "#REF!", type: "error" } : sum("L", t.answered),
    { formula: `=E${total}/(C${total}+D${total})`, v: Math.round((t.collections / (t.gross + t.adjustments)) * 10000) / 10000 },
  ]);
  if (month === 3) rows.push([], ["* Mar 29 (Good Friday): office closed at 1pm; Dr. Patel's numbers entered Monday."]);

  const sheet: SheetFixture = { title, sheetId: 1_000_000 + month * 1111, frozenRowCount: 3, columnFormats: MONTH_FORMATS, merges, rows };
  const totals: MonthTotals = {
    title, totalRow: total, gross: round2(t.gross), adjustments: round2(t.adjustments), collections: round2(t.collections),
    completed: t.completed, noShows: t.noShows, newPatients: t.newPatients,
  };
  return { sheet, totals };
}

function summaryTab(months: MonthTotals[]): SheetFixture {
  const ref = (m: MonthTotals, col: string, v: number): Cell => ({ formula: `='${m.title}'!${col}${m.totalRow}`, v });
  const rows: Cell[][] = [
    ["Bright Smiles Dental – Q1 2024 Summary"],
    [],
    ["Month", "Gross Production", "Adjustments", "Collections", "Collection %", "Completed Appts", "No Shows", "New Patients"],
  ];
  for (const m of months) {
    const r = rows.length + 1;
    rows.push([
      m.title, ref(m, "C", m.gross), ref(m, "D", m.adjustments), ref(m, "E", m.collections),
      { formula: `=D${r}/(B${r}+C${r})`, v: Math.round((m.collections / (m.gross + m.adjustments)) * 10000) / 10000 },
      ref(m, "G", m.completed), ref(m, "H", m.noShows), ref(m, "J", m.newPatients),
    ]);
  }
  const s = (k: "gross" | "adjustments" | "collections" | "completed" | "noShows" | "newPatients") => round2(months.reduce((a, m) => a + m[k], 0));
  rows.push([
    "Q1 Total", { formula: "=SUM(B4:B6)", v: s("gross") }, { formula: "=SUM(C4:C6)", v: s("adjustments") },
    { formula: "=SUM(D4:D6)", v: s("collections") },
    { formula: "=D7/(B7+C7)", v: Math.round((s("collections") / (s("gross") + s("adjustments"))) * 10000) / 10000 },
    { formula: "=SUM(F4:F6)", v: s("completed") }, { formula: "=SUM(G4:G6)", v: s("noShows") }, { formula: "=SUM(H4:H6)", v: s("newPatients") },
  ]);
  rows.push([], ["Collection % goal", null, null, null, 0.98], ["Updated by Dana W. 4/1/2024"]);
  return {
    title: "Summary",
    sheetId: 0,
    columnFormats: { B: { type: "currency" }, C: { type: "currency", fmt: ACCOUNTING }, D: { type: "currency" }, E: { type: "percent", fmt: PCT } },
    rows,
  };
}

const NOTES: Cell[][] = [
  ["Notes"],
  ["1/12/2024 – Dr. Patel out sick; his patients were rescheduled (zeros on that row are real)."],
  ["1/23/2024 – Lee's collections not posted yet (n/a)."],
  ["2/7/2024 – Dr. Chen's collections pasted from the PMS report as text."],
  ["2/12/2024 – Switched to the new VoIP phone system; call counts before this date come from the old PBX report."],
  ["2/29/2024 – Lee's row was typed as 2/30/2024, needs fixing."],
  ["Adjustments are entered as negatives and shown in parentheses."],
];

const LOOKUPS: Cell[][] = [
  ["Provider", "Role", "Start Date"],
  ["Dr. Maria Chen", "Dentist (Owner)", { date: "2015-06-01" }],
  ["Dr. Sam Patel", "Associate Dentist", { date: "2021-09-13" }],
  ["Hyg. Lee Ortiz", "Hygienist", { date: "2019-03-04" }],
];

export function buildBrightSmiles(accounts: FixtureAccounts): SpreadsheetFixture {
  const jan = monthTab(1, "Jan-24", "January", 101);
  const feb = monthTab(2, "Feb-24", "February", 202);
  const mar = monthTab(3, "Mar-24", "March", 303);
  return {
    description:
      "Messy on purpose: title + merged-header rows above the header (row 3); Summary is the first tab; Feb header says 'No-Shows' and 'Gross Production ' (trailing space); " +
      "Jan has a blank row after 1/19, a zero day (#DIV/0!) and an 'n/a' collections cell (#VALUE!); Feb has a '2/30/2024' text date, a collections value typed as text and a #REF! total; " +
      "Mar dates are vertically merged (only the first provider row of a day has a date), provider names vary ('Dr Maria Chen', trailing space), New Patients blank on 3/8, a footnote after the Total row; " +
      "phone columns are filled only on the first row of each day; each month ends with a Total row; Notes and a hidden Lookups tab.",
    id: "1BrightSmilesKpis2024_emuQ7xLp3VdN9sTcWm2Hk",
    title: "Bright Smiles Dental – Daily KPIs 2024",
    owner: accounts.owner,
    sharedWith: [accounts.frontDesk],
    createdTime: "2023-12-28T17:20:00.000Z",
    modifiedTime: "2024-04-01T14:05:12.000Z",
    locale: "en_US",
    timeZone: "America/Chicago",
    sheets: [
      summaryTab([jan.totals, feb.totals, mar.totals]),
      jan.sheet,
      feb.sheet,
      mar.sheet,
      { title: "Notes", sheetId: 1_900_001, rows: NOTES },
      { title: "Lookups", sheetId: 1_900_002, hidden: true, columnFormats: { C: { type: "date", fmt: "M/d/yyyy" } }, rows: LOOKUPS },
    ],
  };
}
