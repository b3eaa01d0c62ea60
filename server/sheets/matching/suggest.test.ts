import { describe, expect, it } from "vitest";
import type { Cell } from "../transform/result.ts";
import { suggestMappings, type ColumnSuggestion } from "./suggest.ts";

function column(result: ReturnType<typeof suggestMappings>, index: number): ColumnSuggestion {
  const c = result.columns[index];
  if (!c) throw new Error(`no column ${index}`);
  return c;
}

describe("suggestMappings — a realistic front-desk sheet", () => {
  const headers = [
    "Date", "Provider", "Gross Prod", "Adj", "Collections", "Pts Seen", "Cancels", "No Shows",
    "Inbound Calls", "Calls Answered", "Missed Calls", "Appts Booked", "New Pts", "Notes", "Production Goal",
  ];
  const rows: Cell[][] = [
    ["1/2/2024", "Dr. Chen", "$4,210.00", "($120.00)", "$3,900.00", "18", "2", "1", "41", "35", "6", "9", "3", "Slow day", "$5,000.00"],
    ["1/3/2024", "Dr. Patel", "$5,025.50", "$0.00", "$4,400.00", "21", "1", "0", "38", "36", "2", "11", "2", "", "$5,000.00"],
  ];
  const result = suggestMappings(headers, rows);

  it("maps every known column", () => {
    expect(result.columns.map((c) => c.field)).toEqual([
      "date", "provider", "gross_production", "adjustments", "collections", "appointments_completed",
      "appointments_cancelled", "appointments_no_show", "calls_total", "calls_answered", null,
      "calls_appointments_booked", "patients_new", null, null,
    ]);
  });

  it("explains how each match was found", () => {
    expect(column(result, 0)).toMatchObject({ header: "Date", reason: "exact", confidence: 1 });
    expect(column(result, 2)).toMatchObject({ reason: "synonym", confidence: 0.95 });
    expect(column(result, 10)).toMatchObject({ field: null, reason: "none", confidence: 0, alternatives: [] });
  });

  it("lists unmapped columns and nothing missing", () => {
    expect(result.ignoredColumns).toEqual([10, 13, 14]);
    expect(result.unmatchedRequired).toEqual([]);
  });
});

describe("suggestMappings — conflicts", () => {
  it("gives a field to the better column and offers it to the other as an alternative", () => {
    const result = suggestMappings(["Production", "Gross Production"], []);
    expect(column(result, 1)).toMatchObject({ field: "gross_production", reason: "exact" });
    expect(column(result, 0)).toMatchObject({
      field: null,
      reason: "none",
      alternatives: [{ field: "gross_production", confidence: 0.95 }],
    });
    expect(result.ignoredColumns).toEqual([0]);
  });

  it("prefers the exact label over a short alias", () => {
    const result = suggestMappings(["DOS", "Date"], []);
    expect(result.columns.map((c) => c.field)).toEqual([null, "date"]);
  });

  it("lets a loser fall back to a weaker meaning that is still free", () => {
    const result = suggestMappings(["No Shows", "Broken Appts"], []);
    expect(column(result, 0).field).toBe("appointments_no_show");
    expect(column(result, 1)).toMatchObject({ field: "appointments_cancelled", confidence: 0.6 });
    expect(column(result, 1).alternatives).toContainEqual({ field: "appointments_no_show", confidence: 0.95 });
  });

  it("leaves the loser empty when its weaker meaning is taken too", () => {
    const result = suggestMappings(["No Shows", "Broken Appts", "Cancels"], []);
    expect(result.columns.map((c) => c.field)).toEqual(["appointments_no_show", null, "appointments_cancelled"]);
  });

  it("Appts Booked is calls-booked; appointments-scheduled stays its alternative", () => {
    const result = suggestMappings(["Appts Booked", "Scheduled"], []);
    expect(result.columns.map((c) => c.field)).toEqual(["calls_appointments_booked", "appointments_scheduled"]);
    expect(column(result, 0).alternatives).toContainEqual({ field: "appointments_scheduled", confidence: 0.6 });
  });

  it("lowers a header match whose values do not fit", () => {
    const result = suggestMappings(["Date", "Day"], [["$100.00", "1/2/2024"], ["$200.00", "1/3/2024"]]);
    expect(result.columns.map((c) => c.field)).toEqual([null, "date"]);
  });
});

describe("suggestMappings — duplicate and blank headers", () => {
  it("keeps the first of two identical headers and gives the second a unique key", () => {
    const result = suggestMappings(["Production", "Production", "production"], []);
    expect(result.columns.map((c) => c.key)).toEqual(["Production", "Production (2)", "production (3)"]);
    expect(result.columns.map((c) => c.header)).toEqual(["Production", "Production", "production"]);
    expect(result.columns.map((c) => c.field)).toEqual(["gross_production", null, null]);
  });

  it("names blank headers Column N and covers columns that have data but no header", () => {
    const result = suggestMappings(["Date", "", "  "], [["1/2/2024", "5", "x", "Dr. Chen"]]);
    expect(result.columns.map((c) => c.header)).toEqual(["Date", "Column 2", "Column 3", "Column 4"]);
    expect(column(result, 3)).toMatchObject({ field: "provider", reason: "value-shape" });
  });

  it("handles no headers and no rows", () => {
    expect(suggestMappings([], [])).toEqual({ columns: [], unmatchedRequired: ["date"], ignoredColumns: [] });
  });
});

describe("suggestMappings — remembered mappings", () => {
  it("uses the remembered field over the header's own meaning", () => {
    const result = suggestMappings(["Production", "Daily $"], [], {
      previous: { Production: "collections", "Daily $": "gross_production" },
    });
    expect(result.columns.map((c) => [c.field, c.reason, c.confidence])).toEqual([
      ["collections", "remembered", 1],
      ["gross_production", "remembered", 1],
    ]);
  });

  it("finds remembered headers that changed only in case or punctuation", () => {
    const result = suggestMappings(["Gross Prod."], [], { previous: { "gross prod": "gross_production" } });
    expect(column(result, 0)).toMatchObject({ field: "gross_production", reason: "remembered" });
  });

  it("beats an exact header elsewhere", () => {
    const result = suggestMappings(["Date", "Day"], [], { previous: { Day: "date" } });
    expect(result.columns.map((c) => c.field)).toEqual([null, "date"]);
  });

  it("remembers deliberately ignored columns", () => {
    const result = suggestMappings(["Production", "Collections"], [], { previous: { Production: null, Collections: "" } });
    expect(column(result, 0)).toMatchObject({ field: null, reason: "remembered", confidence: 1 });
    expect(column(result, 0).alternatives).toEqual([{ field: "gross_production", confidence: 0.95 }]);
    expect(column(result, 1)).toMatchObject({ field: null, reason: "remembered" });
    expect(result.ignoredColumns).toEqual([0, 1]);
  });

  it("ignores remembered fields that no longer exist", () => {
    const result = suggestMappings(["Production"], [], { previous: { Production: "net_production" } });
    expect(column(result, 0)).toMatchObject({ field: "gross_production", reason: "synonym" });
  });

  it("uses the column key to tell duplicate headers apart", () => {
    const result = suggestMappings(["Calls", "Calls"], [], {
      previous: { Calls: "calls_total", "Calls (2)": "calls_answered" },
    });
    expect(result.columns.map((c) => c.field)).toEqual(["calls_total", "calls_answered"]);
  });
});

describe("suggestMappings — value shapes", () => {
  it("finds the date column from its values", () => {
    const result = suggestMappings(["When", "Prod"], [["Jan 2, 2024", "$1"], ["Jan 3, 2024", "$2"]]);
    expect(column(result, 0)).toMatchObject({ field: "date", reason: "value-shape", confidence: 0.45 });
    expect(result.unmatchedRequired).toEqual([]);
  });

  it("reads consecutive serial numbers as dates", () => {
    const result = suggestMappings([""], [[45293], [45294], [45295]]);
    expect(column(result, 0).field).toBe("date");
  });

  it("does not read amounts that happen to be in the serial range as dates", () => {
    const result = suggestMappings([""], [[40000], [52000], [61000]]);
    expect(column(result, 0).field).toBeNull();
  });

  it("finds providers from titles and credentials", () => {
    const result = suggestMappings(["Who"], [["Dr. Chen"], ["Maria Lopez, DDS"], ["Dr. Patel"]]);
    expect(column(result, 0)).toMatchObject({ field: "provider", reason: "value-shape" });
  });

  it("treats plain names as providers only under a generic header", () => {
    const rows = [["Maria Chen", "Maria Chen"], ["John Smith", "John Smith"]];
    const result = suggestMappings(["Name", "Patient"], rows);
    expect(result.columns.map((c) => c.field)).toEqual(["provider", null]);
  });

  it("needs a header hint to pick a currency field from money values", () => {
    const rows = [["$1,200.00", "$800.00", "$50.00"], ["$900.00", "$700.00", "$20.00"]];
    const result = suggestMappings(["Fees", "Deposits", "Amount"], rows);
    expect(result.columns.map((c) => [c.field, c.reason])).toEqual([
      ["gross_production", "value-shape"],
      ["collections", "value-shape"],
      [null, "none"],
    ]);
  });

  it("does not use a money hint when the values are not numbers", () => {
    const result = suggestMappings(["Fees"], [["waived"], ["see notes"]]);
    expect(column(result, 0).field).toBeNull();
  });

  it("never guesses blocked headers from their values", () => {
    const result = suggestMappings(["Notes", "Day of Week"], [["Dr. Chen", "1/2/2024"], ["Dr. Patel", "1/3/2024"]]);
    expect(result.columns.map((c) => c.field)).toEqual([null, null]);
  });

  it("does not take weekday names as the date", () => {
    const result = suggestMappings(["Day"], [["Mon"], ["Tue"], ["Wed"]]);
    expect(column(result, 0).field).toBeNull();
    expect(result.unmatchedRequired).toEqual(["date"]);
  });

  it("reports the missing date", () => {
    expect(suggestMappings(["Production"], [["$1"]]).unmatchedRequired).toEqual(["date"]);
  });
});
