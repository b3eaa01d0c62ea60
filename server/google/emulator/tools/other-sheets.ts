// "Front Desk Calls", "Lakeside Family Dentistry – Collections" and a trashed 2023 copy.
import type { Cell, SpreadsheetFixture } from "../types.ts";
import { Dice, monthDates, round2, weekday, WEEKDAYS, type FixtureAccounts } from "./dental-data.ts";

const Q1_DATES = [1, 2, 3].flatMap((m) => monthDates(2024, m));

export function buildFrontDeskCalls(accounts: FixtureAccounts): SpreadsheetFixture {
  const dice = new Dice(404);
  const notes: Record<string, string> = {
    "2024-01-01": "Closed – New Year's Day",
    "2024-01-16": "Ice storm – closed at noon",
    "2024-02-12": "New VoIP system live",
    "2024-03-04": "Phones down 9–10am",
  };
  const rows: Cell[][] = [["Date", "Day", "Total Calls", "Answered", "Missed", "Voicemails", "Avg Wait (sec)", "Answer Rate", "Notes"]];
  const monthly = new Map<number, { total: number; answered: number }>();
  for (const date of Q1_DATES.filter((d) => weekday(d) !== 0)) {
    const r = rows.length + 1;
    const day = WEEKDAYS[weekday(date)] ?? "";
    if (date === "2024-01-01") {
      rows.push([{ date }, day, null, null, null, null, null, { formula: `=D${r}/C${r}`, v: "#DIV/0!", type: "error" }, notes[date] ?? null]);
      continue;
    }
    const saturday = weekday(date) === 6;
    let total = saturday ? dice.int(14, 32) : dice.int(45, 96);
    if (date === "2024-01-16") total = dice.int(18, 26);
    const answered = total - dice.int(2, Math.min(14, total - 6));
    const missed = total - answered;
    rows.push([
      { date }, day, total, answered, { formula: `=C${r}-D${r}`, v: missed }, dice.int(0, missed),
      dice.int(saturday ? 5 : 12, saturday ? 30 : 65), { formula: `=D${r}/C${r}`, v: Math.round((answered / total) * 10000) / 10000 },
      notes[date] ?? null,
    ]);
    const m = Number(date.slice(5, 7));
    const acc = monthly.get(m) ?? { total: 0, answered: 0 };
    acc.total += total;
    acc.answered += answered;
    monthly.set(m, acc);
  }
  const q1: Cell[][] = [["Month", "Total Calls", "Answered", "Answer Rate"]];
  for (const [m, name] of [[1, "January"], [2, "February"], [3, "March"]] as const) {
    const acc = monthly.get(m) ?? { total: 0, answered: 0 };
    const r = q1.length + 1;
    q1.push([name, acc.total, acc.answered, { formula: `=C${r}/B${r}`, v: Math.round((acc.answered / acc.total) * 10000) / 10000 }]);
  }
  return {
    description:
      "One row per day Jan 1 – Mar 30 2024 (Mon–Sat, no Sundays), header on row 1, dates shown as 'Jan 2, 2024'. Jan 1 is a closed day with blank counts and #DIV/0!. " +
      "The second tab is named 'Q1' – an unquoted range 'Q1' means cell Q1 of the first tab, so it must be requested as \"'Q1'\" or \"'Q1'!A1:D4\".",
    id: "1FrontDeskCalls2024_emuR4tYb8KcM2wPzX6nJfL0",
    title: "Front Desk Calls",
    owner: accounts.frontDesk,
    sharedWith: [accounts.owner],
    createdTime: "2023-12-30T09:00:00.000Z",
    modifiedTime: "2024-03-30T22:47:31.000Z",
    locale: "en_US",
    timeZone: "America/Chicago",
    sheets: [
      {
        title: "Call Log",
        sheetId: 0,
        frozenRowCount: 1,
        columnFormats: { A: { type: "date", fmt: "mmm d, yyyy" }, H: { type: "percent", fmt: "0.0%" } },
        rows,
      },
      { title: "Q1", sheetId: 7_341_002, columnFormats: { D: { type: "percent", fmt: "0.0%" } }, rows: q1 },
    ],
  };
}

export function buildLakeside(accounts: FixtureAccounts): SpreadsheetFixture {
  const dice = new Dice(505);
  const rows: Cell[][] = [["Date", "Location", "Patient Payments", "Insurance Payments", "Total Collections", "Refunds"]];
  for (const date of Q1_DATES.filter((d) => weekday(d) >= 1 && weekday(d) <= 5 && d !== "2024-01-01")) {
    for (const location of ["Main St", "Harbor View"]) {
      const r = rows.length + 1;
      const patient = dice.money(300, 2500);
      const insurance = dice.money(800, 5200);
      const refund = dice.int(0, 9) === 0 ? dice.money(25, 180) : 0;
      rows.push([{ date }, location, patient, insurance, { formula: `=C${r}+D${r}`, v: round2(patient + insurance) }, refund]);
    }
  }
  return {
    description: "The clean one: header on row 1, ISO dates (yyyy-mm-dd), two rows per weekday (one per location), no totals or blanks.",
    id: "1LakesideCollections2024_emuH5sVq1ZyT8dGbN3",
    title: "Lakeside Family Dentistry – Collections",
    owner: accounts.lakeside,
    sharedWith: [accounts.owner],
    createdTime: "2024-01-02T13:00:00.000Z",
    modifiedTime: "2024-03-29T21:15:00.000Z",
    locale: "en_US",
    timeZone: "America/New_York",
    sheets: [
      {
        title: "Collections",
        sheetId: 0,
        frozenRowCount: 1,
        columnFormats: {
          A: { type: "date", fmt: "yyyy-mm-dd" },
          C: { type: "currency" },
          D: { type: "currency" },
          E: { type: "currency" },
          F: { type: "currency" },
        },
        rows,
      },
    ],
  };
}

export function buildOld2023(accounts: FixtureAccounts): SpreadsheetFixture {
  const rows: Cell[][] = [
    ["Date", "Provider", "Gross Production", "Collections"],
    [{ date: "2023-12-26" }, "Dr. Maria Chen", 4120.5, 3980],
    [{ date: "2023-12-27" }, "Dr. Maria Chen", 5230.75, 5011.2],
    [{ date: "2023-12-28" }, "Dr. Sam Patel", 3310, 2950.4],
    [{ date: "2023-12-29" }, "Hyg. Lee Ortiz", 1640, 1588.1],
  ];
  return {
    description: "In the trash: drive.files.list returns it unless the query says trashed=false (Drive's real default).",
    id: "1BrightSmilesKpis2023Old_emuW2eRt6YuI8oPa4",
    title: "Bright Smiles Dental – Daily KPIs 2023 (old copy)",
    owner: accounts.owner,
    trashed: true,
    createdTime: "2023-01-03T15:00:00.000Z",
    modifiedTime: "2024-01-05T08:30:00.000Z",
    locale: "en_US",
    timeZone: "America/Chicago",
    sheets: [{ title: "Dec-23", columnFormats: { C: { type: "currency" }, D: { type: "currency" } }, rows }],
  };
}
