import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLargeSheet } from "./large-sheet.ts";
import { startGoogleEmulator, type GoogleEmulator } from "./server.ts";
import {
  BRIGHT_SMILES_ID, failure, FRONT_DESK_ID, LAKESIDE_ID, SCOPES, sheetsApi, signIn, XLSX_ID, type OAuth2,
} from "./test-helpers.ts";

let emu: GoogleEmulator;
let auth: OAuth2;
let sheets: ReturnType<typeof sheetsApi>;

beforeAll(async () => {
  emu = await startGoogleEmulator({ port: 0 });
  auth = (await signIn(emu)).oauth2;
  sheets = sheetsApi(emu, auth);
});
afterAll(async () => {
  await emu.close();
});

const get = (range: string, extra: Record<string, string> = {}) =>
  sheets.spreadsheets.values.get({ spreadsheetId: BRIGHT_SMILES_ID, range, ...extra }).then((r) => r.data);

describe("spreadsheets.get", () => {
  it("returns properties and tabs in order, with hidden tabs flagged", async () => {
    const { data } = await sheets.spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, includeGridData: false });
    expect(data.spreadsheetId).toBe(BRIGHT_SMILES_ID);
    expect(data.properties).toMatchObject({ title: "Bright Smiles Dental – Daily KPIs 2024", locale: "en_US", timeZone: "America/Chicago" });
    expect(data.spreadsheetUrl).toBe(`https://docs.google.com/spreadsheets/d/${BRIGHT_SMILES_ID}/edit`);
    expect(data.sheets?.map((s) => s.properties?.title)).toEqual(["Summary", "Jan-24", "Feb-24", "Mar-24", "Notes", "Lookups"]);
    const jan = data.sheets?.[1]?.properties;
    expect(jan).toMatchObject({ sheetId: 1001111, index: 1, sheetType: "GRID", gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 3 } });
    expect(data.sheets?.[5]?.properties?.hidden).toBe(true);
    expect(data.sheets?.[1]?.merges?.[1]).toEqual({ sheetId: 1001111, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 2, endColumnIndex: 4 });
  });

  it("honours fields and ranges", async () => {
    const { data } = await sheets.spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, fields: "properties.title,sheets(properties(title,sheetId))" });
    expect(data).toEqual({
      properties: { title: "Bright Smiles Dental – Daily KPIs 2024" },
      sheets: [
        { properties: { title: "Summary", sheetId: 0 } }, { properties: { title: "Jan-24", sheetId: 1001111 } },
        { properties: { title: "Feb-24", sheetId: 1002222 } }, { properties: { title: "Mar-24", sheetId: 1003333 } },
        { properties: { title: "Notes", sheetId: 1900001 } }, { properties: { title: "Lookups", sheetId: 1900002 } },
      ],
    });
    const one = await sheets.spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID, ranges: ["'Feb-24'!A1:B2"], fields: "sheets.properties.title" });
    expect(one.data).toEqual({ sheets: [{ properties: { title: "Feb-24" } }] });
  });

  it("404 for an unknown spreadsheet, 400 for a non-Sheets Drive file", async () => {
    const missing = await failure(sheets.spreadsheets.get({ spreadsheetId: "doesNotExist123" }));
    expect(missing.status).toBe(404);
    expect(missing.data).toEqual({ error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } });
    const xlsx = await failure(sheets.spreadsheets.get({ spreadsheetId: XLSX_ID }));
    expect(xlsx.status).toBe(400);
    expect(xlsx.data).toEqual({ error: { code: 400, message: "This operation is not supported for this document", status: "FAILED_PRECONDITION" } });
  });
});

describe("values.get rendering", () => {
  it("FORMATTED_VALUE (default) returns display strings and trims like Google", async () => {
    const data = await get("'Jan-24'!A1:Z");
    expect(data.range).toBe("'Jan-24'!A1:Z1000");
    expect(data.majorDimension).toBe("ROWS");
    const values = data.values ?? [];
    expect(values[0]).toEqual(["Bright Smiles Dental — January 2024 Daily KPIs"]);
    expect(values[1]).toEqual(["", "", "Production", "", "Collections", "Schedule", "", "", "", "Patients", "Phones", "", "KPIs"]);
    expect(values[2]?.[2]).toBe("Gross Production");
    expect(values[3]).toEqual(["1/2/2024", "Dr. Maria Chen", "$3,318.93", "(253.83)", "$2,911.07", "12", "9", "1", "2", "2", "87", "83", "95.0%"]);
    // Phone columns are only filled on the first row of a day; the row still ends with Collection %.
    expect(values[4]?.slice(10)).toEqual(["", "", "101.1%"]);
    expect(values.some((r) => r.length === 0)).toBe(true); // the stray blank row after 1/19
    expect(values.at(-1)?.[0]).toBe("Total");
    expect(values.at(-1)?.[2]).toBe("$264,557.81");
    expect(values.every((r) => r.length <= 13)).toBe(true);
  });

  it("UNFORMATTED_VALUE returns numbers and date serials; FORMATTED_STRING renders dates only", async () => {
    const raw = await get("Jan-24!A4:M4", { valueRenderOption: "UNFORMATTED_VALUE" });
    expect(raw.values).toEqual([[45293, "Dr. Maria Chen", 3318.93, -253.83, 2911.07, 12, 9, 1, 2, 2, 87, 83, 0.949747]]);
    const dates = await get("Jan-24!A4:M4", { valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "FORMATTED_STRING" });
    expect(dates.values?.[0]?.[0]).toBe("1/2/2024");
    expect(dates.values?.[0]?.[2]).toBe(3318.93);
    const serial = await get("Jan-24!A4", { valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" });
    expect(serial).toEqual({ range: "'Jan-24'!A4", majorDimension: "ROWS", values: [[45293]] });
  });

  it("FORMULA returns formulas where present and raw values elsewhere", async () => {
    const data = await get("Jan-24!A4:M4", { valueRenderOption: "FORMULA" });
    expect(data.values?.[0]?.[0]).toBe(45293);
    expect(data.values?.[0]?.[12]).toBe("=E4/(C4+D4)");
    const summary = await get("Summary!B4:B4", { valueRenderOption: "FORMULA" });
    expect(summary.values).toEqual([["='Jan-24'!C73"]]);
  });

  it("keeps the messy cells: errors, n/a, text dates and text currency", async () => {
    const jan = (await get("Jan-24!A4:M73")).values ?? [];
    const sick = jan.find((r) => r[0] === "1/12/2024" && r[1] === "Dr. Sam Patel");
    expect(sick?.[2]).toBe("$0.00");
    expect(sick?.[12]).toBe("#DIV/0!");
    const na = jan.find((r) => r[0] === "1/23/2024" && r[1] === "Hyg. Lee Ortiz");
    expect(na?.[4]).toBe("n/a");
    expect(na?.[12]).toBe("#VALUE!");
    const feb = (await get("'Feb-24'!A1:M", { valueRenderOption: "UNFORMATTED_VALUE" })).values ?? [];
    expect(feb[2]?.[2]).toBe("Gross Production ");
    expect(feb[2]?.[7]).toBe("No-Shows");
    expect(feb.some((r) => r[0] === "2/30/2024")).toBe(true);
    expect(feb.find((r) => r[0] === 45329 && r[1] === "Dr. Maria Chen")?.[4]).toBe("$4,824.74"); // 2/7: typed as text
    expect(feb.at(-1)?.[11]).toBe("#REF!");
  });

  it("March has vertically merged dates and a footnote after the Total row", async () => {
    const values = (await get("'Mar-24'!A4:B")).values ?? [];
    expect(values[0]).toEqual(["3/1/2024", "Dr. Maria Chen"]);
    expect(values[1]).toEqual(["", "Dr. Sam Patel"]);
    expect(values.at(-1)?.[0]).toMatch(/^\* Mar 29/);
    expect(values.at(-2)).toEqual([]);
    expect(values.at(-3)?.[0]).toBe("Total");
  });

  it("trailing empty rows/columns are dropped and fully empty ranges have no values", async () => {
    const data = await get("Summary!A1:Z20");
    expect(data.range).toBe("Summary!A1:Z20");
    expect(data.values?.length).toBe(10);
    const empty = await get("Summary!P1:Q5");
    expect(empty).toEqual({ range: "Summary!P1:Q5", majorDimension: "ROWS" });
  });

  it("majorDimension=COLUMNS transposes", async () => {
    const data = await get("Lookups!A1:C4", { majorDimension: "COLUMNS" });
    expect(data.majorDimension).toBe("COLUMNS");
    expect(data.values?.[0]).toEqual(["Provider", "Dr. Maria Chen", "Dr. Sam Patel", "Hyg. Lee Ortiz"]);
    expect(data.values?.[2]?.[1]).toBe("6/1/2015");
  });

  it("formats dates per column pattern (mmm d, yyyy / ISO)", async () => {
    const calls = await sheets.spreadsheets.values.get({ spreadsheetId: FRONT_DESK_ID, range: "'Call Log'!A2:I3" });
    expect(calls.data.values).toEqual([
      ["Jan 1, 2024", "Mon", "", "", "", "", "", "#DIV/0!", "Closed – New Year's Day"],
      ["Jan 2, 2024", "Tue", "63", "50", "13", "2", "20", "79.4%"],
    ]);
    const lake = await sheets.spreadsheets.values.get({ spreadsheetId: LAKESIDE_ID, range: "Collections!A2:F2" });
    expect(lake.data.values?.[0]?.[0]).toBe("2024-01-02");
    expect(lake.data.values?.[0]?.[2]).toMatch(/^\$[\d,]+\.\d\d$/);
  });
});

describe("A1 ranges", () => {
  it("accepts whole tabs, open-ended, quoted and unquoted names", async () => {
    expect((await get("Notes")).range).toBe("Notes!A1:Z1000");
    expect((await get("'Notes'")).values?.[0]).toEqual(["Notes"]);
    expect((await get("Jan-24!A5:F")).range).toBe("'Jan-24'!A5:F1000");
    expect((await get("'Jan-24'!A:Z")).range).toBe("'Jan-24'!A1:Z1000");
    expect((await get("jan-24!B3")).values).toEqual([["Provider"]]); // tab names are case-insensitive
    expect((await get("'Jan-24'!$A$3:$B$3")).values).toEqual([["Date", "Provider"]]);
    expect((await get("Jan-24!3:3")).range).toBe("'Jan-24'!A3:Z3");
    expect((await get("A1")).range).toBe("Summary!A1"); // no tab = first visible tab
  });

  it("quoted tab names with spaces and apostrophes", async () => {
    emu.state.putSpreadsheet({
      id: "quotesTest1", title: "Quotes", modifiedTime: "2024-04-02T00:00:00Z",
      sheets: [{ title: "Summary", rows: [["x"]] }, { title: "Dana's Notes", rows: [["a", "b"], ["c", "d"]] }],
    });
    const r = await sheets.spreadsheets.values.get({ spreadsheetId: "quotesTest1", range: "'Dana''s Notes'!A1:B2" });
    expect(r.data.range).toBe("'Dana''s Notes'!A1:B2");
    expect(r.data.values).toEqual([["a", "b"], ["c", "d"]]);
    const spaced = await sheets.spreadsheets.values.get({ spreadsheetId: FRONT_DESK_ID, range: "Call Log!A1:B1" });
    expect(spaced.data.values).toEqual([["Date", "Day"]]);
  });

  it("an unquoted name that is also a cell reference means the cell (the 'Q1' trap)", async () => {
    const cell = await sheets.spreadsheets.values.get({ spreadsheetId: FRONT_DESK_ID, range: "Q1" });
    expect(cell.data).toEqual({ range: "'Call Log'!Q1", majorDimension: "ROWS" });
    const tab = await sheets.spreadsheets.values.get({ spreadsheetId: FRONT_DESK_ID, range: "'Q1'!A1:D2" });
    expect(tab.data.range).toBe("'Q1'!A1:D2");
    expect(tab.data.values?.[1]?.[0]).toBe("January");
  });

  it("rejects bad ranges with Google's messages", async () => {
    const cases: [string, string][] = [
      ["Nope!A1", "Unable to parse range: Nope!A1"],
      ["Jan-24!A1:B2:C3", "Unable to parse range: Jan-24!A1:B2:C3"],
      ["'Jan-24!A1", "Unable to parse range: 'Jan-24!A1"],
      ["Summary!A1:A5000", "Range (Summary!A1:A5000) exceeds grid limits. Max rows: 1000, max columns: 26"],
    ];
    for (const [range, message] of cases) {
      const r = await failure(get(range));
      expect(r.status).toBe(400);
      expect(r.data).toEqual({ error: { code: 400, message, status: "INVALID_ARGUMENT" } });
    }
    const badOption = await failure(get("Notes", { valueRenderOption: "PRETTY" }));
    expect(badOption.status).toBe(400);
    expect((badOption.data as { error: { message: string } }).error.message).toContain("value_render_option");
  });
});

describe("values.batchGet", () => {
  it("returns one ValueRange per requested range", async () => {
    const { data } = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: BRIGHT_SMILES_ID,
      ranges: ["'Jan-24'!A3:C4", "Feb-24!A3:B3", "Summary!A4:A6"],
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(data.spreadsheetId).toBe(BRIGHT_SMILES_ID);
    expect(data.valueRanges).toEqual([
      { range: "'Jan-24'!A3:C4", majorDimension: "ROWS", values: [["Date", "Provider", "Gross Production"], [45293, "Dr. Maria Chen", 3318.93]] },
      { range: "'Feb-24'!A3:B3", majorDimension: "ROWS", values: [["Date", "Provider"]] },
      { range: "Summary!A4:A6", majorDimension: "ROWS", values: [["Jan-24"], ["Feb-24"], ["Mar-24"]] },
    ]);
  });

  it("fails as a whole when one range is bad", async () => {
    const r = await failure(sheets.spreadsheets.values.batchGet({ spreadsheetId: BRIGHT_SMILES_ID, ranges: ["Summary!A1", "Nope!A1"] }));
    expect(r.status).toBe(400);
    expect((r.data as { error: { message: string } }).error.message).toBe("Unable to parse range: Nope!A1");
  });
});

describe("permissions", () => {
  it("403 when the account cannot see the file", async () => {
    const { oauth2 } = await signIn(emu, { account: "lakeside.admin@clinicpulse.test" });
    const r = await failure(sheetsApi(emu, oauth2).spreadsheets.get({ spreadsheetId: BRIGHT_SMILES_ID }));
    expect(r.status).toBe(403);
    expect(r.data).toEqual({ error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } });
  });

  it("403 ACCESS_TOKEN_SCOPE_INSUFFICIENT without a Sheets scope", async () => {
    const { oauth2 } = await signIn(emu, { scopes: ["email", SCOPES.driveMeta] });
    const r = await failure(sheetsApi(emu, oauth2).spreadsheets.values.get({ spreadsheetId: BRIGHT_SMILES_ID, range: "Notes" }));
    expect(r.status).toBe(403);
    const err = (r.data as { error: { status: string; details: { reason: string }[] } }).error;
    expect(err.status).toBe("PERMISSION_DENIED");
    expect(err.details[0]?.reason).toBe("ACCESS_TOKEN_SCOPE_INSUFFICIENT");
  });

  it("401 without credentials", async () => {
    const res = await fetch(`${emu.url}/v4/spreadsheets/${BRIGHT_SMILES_ID}`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: number; status: string; message: string } };
    expect(body.error.code).toBe(401);
    expect(body.error.status).toBe("UNAUTHENTICATED");
  });
});

describe("runtime mutation helpers", () => {
  it("setCell / deleteRow / appendRows are visible through the API and bump modifiedTime", async () => {
    emu.state.putSpreadsheet({
      id: "mutable1", title: "Mutable", modifiedTime: "2024-01-01T00:00:00Z",
      sheets: [{ title: "Data", columnFormats: { B: { type: "currency" } }, rows: [["Name", "Amount"], ["a", 1], ["b", 2], ["c", 3]] }],
    });
    const read = async () => (await sheets.spreadsheets.values.get({ spreadsheetId: "mutable1", range: "Data" })).data.values;
    expect(await read()).toEqual([["Name", "Amount"], ["a", "$1.00"], ["b", "$2.00"], ["c", "$3.00"]]);
    emu.state.setCell("mutable1", "Data", "B3", 2000.5);
    emu.state.setCell("mutable1", "Data", "D2", { v: "#REF!", type: "error" });
    expect(await read()).toEqual([["Name", "Amount"], ["a", "$1.00", "", "#REF!"], ["b", "$2,000.50"], ["c", "$3.00"]]);
    emu.state.deleteRow("mutable1", "Data", 2);
    expect(await read()).toEqual([["Name", "Amount"], ["b", "$2,000.50"], ["c", "$3.00"]]);
    emu.state.appendRows("mutable1", "Data", [["d", 4]]);
    expect((await read())?.at(-1)).toEqual(["d", "$4.00"]);
    expect(emu.state.getSpreadsheet("mutable1")?.modifiedTime).not.toBe("2024-01-01T00:00:00.000Z");
    expect(() => emu.state.setCell("mutable1", "Nope", "A1", 1)).toThrow(/no sheet/);
  });

  it("putSpreadsheet validates input", () => {
    expect(() =>
      emu.state.putSpreadsheet({ id: "bad1", title: "Bad", modifiedTime: "2024-01-01T00:00:00Z", sheets: [{ title: "A", rows: [[{ date: "2024-02-30" }]] }] }),
    ).toThrow(/invalid date "2024-02-30"/);
  });
});

describe("large sheet", () => {
  it("serves a 50,000-row sheet quickly", async () => {
    emu.state.putSpreadsheet(makeLargeSheet(50_000, { id: "large50k" }));
    const started = Date.now();
    const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: "large50k", range: "Data!A1:L", valueRenderOption: "UNFORMATTED_VALUE" });
    const elapsed = Date.now() - started;
    expect(data.range).toBe("Data!A1:L50001");
    expect(data.values?.length).toBe(50_001);
    expect(data.values?.[0]?.[0]).toBe("Date");
    expect(typeof data.values?.[1]?.[0]).toBe("number");
    expect(elapsed).toBeLessThan(15_000);
  });
});
