import { describe, expect, it } from "vitest";
import { CredentialNeedsReauthError } from "../google/credentials/index.ts";
import { brightSmilesMapping } from "./test-support.ts";
import { describeFailure, resolveTabs, SyncFailure, tabSpan } from "./engine.ts";
import { csvField, rejectionsCsvFilename, rejectionsToCsv } from "./rejections-csv.ts";
import { RetryExhaustedError } from "./retry.ts";
import type { TabResult } from "./transform-rows.ts";

const providers = { chen: "a", patel: "b", ortiz: "c" };
const sheet = (title: string, extra: { hidden?: boolean; grid?: boolean } = {}) => ({ title, hidden: extra.hidden ?? false, grid: extra.grid ?? true, merges: [] });
const TABS = [sheet("Summary"), sheet("Jan-24"), sheet("Feb-24"), sheet("Mar-24", { hidden: true }), sheet("Chart", { grid: false }), sheet("Notes")];

describe("resolveTabs", () => {
  it("matches patterns against visible grid tabs, in the spreadsheet's order", () => {
    expect(resolveTabs(brightSmilesMapping(providers), TABS).map((t) => t.title)).toEqual(["Jan-24", "Feb-24"]);
    expect(() => resolveTabs(brightSmilesMapping(providers, { mode: "pattern", pattern: "Q?-*" }), TABS)).toThrow(/No tab of the spreadsheet matches “Q\?-\*”/);
  });

  it("requires every listed tab (case-insensitively), hidden or not", () => {
    const list = brightSmilesMapping(providers, { mode: "list", names: ["feb-24", "Mar-24"] });
    expect(resolveTabs(list, TABS).map((t) => t.title)).toEqual(["Feb-24", "Mar-24"]);
    expect(() => resolveTabs(brightSmilesMapping(providers, { mode: "list", names: ["Apr-24"] }), TABS)).toThrow(/“Apr-24” is not in the spreadsheet any more/);
    expect(() => resolveTabs(brightSmilesMapping(providers, { mode: "list", names: ["Chart"] }), TABS)).toThrow(/chart/);
  });
});

describe("tabSpan", () => {
  const result = (tab: string, dateSpan: TabResult["dateSpan"]): TabResult => ({ tab, records: [], rejections: [], rowsRead: 0, rowsRejected: 0, rowsSkipped: 0, dateSpan, headerMatches: true });
  it("covers the whole month of a month tab, and the dates seen otherwise", () => {
    expect(tabSpan(result("Feb-24", { from: "2024-02-05", to: "2024-02-20" }))).toEqual({ tab: "Feb-24", from: "2024-02-01", to: "2024-02-29" });
    expect(tabSpan(result("Feb-24", { from: "2024-01-31", to: "2024-03-01" }))).toEqual({ tab: "Feb-24", from: "2024-01-31", to: "2024-03-01" });
    expect(tabSpan(result("Feb-24", null))).toEqual({ tab: "Feb-24", from: "2024-02-01", to: "2024-02-29" });
    expect(tabSpan(result("Data", { from: "2010-01-04", to: "2011-12-31" }))).toEqual({ tab: "Data", from: "2010-01-04", to: "2011-12-31" });
    expect(tabSpan(result("Data", null))).toBeNull();
  });
});

describe("describeFailure", () => {
  const http = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status, response: { status, headers: new Headers(), data: { error: { message: "Unable to parse range: 'Apr-24'!A3:L" } } } });
  const exhausted = (status: number, attempts: number) => new RetryExhaustedError({ kind: status === 429 ? "rate_limit" : status >= 500 ? "server" : status === 403 ? "forbidden" : status === 404 ? "not_found" : "bad_request", retryable: false, status, googleMessage: "Unable to parse range: 'Apr-24'!A3:L" }, attempts, attempts > 1 ? "attempts" : "not_retryable", { cause: http(status) });

  it("words Google's answers for staff", () => {
    expect(describeFailure(exhausted(503, 6)).message).toBe("Google Sheets had a problem on its side (HTTP 503) after 6 tries. Nothing was changed; the next sync will try again.");
    expect(describeFailure(exhausted(429, 6)).message).toMatch(/asked us to slow down/);
    expect(describeFailure(exhausted(403, 1)).message).toMatch(/refused to open the spreadsheet/);
    expect(describeFailure(exhausted(404, 1)).message).toMatch(/could not find the spreadsheet/);
    expect(describeFailure(exhausted(400, 1)).message).toMatch(/Unable to parse range/);
  });

  it("asks for reconnection on a refused grant, wherever it is in the cause chain", () => {
    const reauth = new CredentialNeedsReauthError("c", "cred", "x@example.test", "invalid_grant");
    expect(describeFailure(new Error("wrapped", { cause: reauth }))).toEqual({ message: reauth.message, needsReauth: true, unexpected: false });
    expect(describeFailure(new SyncFailure("No mapping."))).toEqual({ message: "No mapping.", needsReauth: false, unexpected: false });
    expect(describeFailure(new TypeError("boom"))).toMatchObject({ unexpected: true, message: expect.stringMatching(/unexpected error. Nothing was changed/) });
    expect(describeFailure(Object.assign(new Error("duplicate key value violates unique constraint \"financial_metrics_natural_key\""), { code: "P2010" })).message).toMatch(/at the same moment/);
  });
});

describe("rejections CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("-12")).toBe("'-12");
    expect(csvField(68)).toBe("68");
    expect(csvField(null)).toBe("");
    expect(rejectionsToCsv([{ sheetName: "Jan-24", rowNumber: 5, columnName: null, cellValue: "a\nb", reason: "bad" }])).toBe('Tab,Row,Column,Value,Problem\r\nJan-24,5,,"a\nb",bad\r\n');
    expect(rejectionsCsvFilename("Bright Smiles Dental – Daily KPIs 2024", new Date("2024-03-01T10:00:00Z"))).toBe("sync-rejections-bright-smiles-dental-daily-kpis-2024-2024-03-01.csv");
  });
});
