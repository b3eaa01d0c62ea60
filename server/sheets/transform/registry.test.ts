import { describe, expect, it } from "vitest";
import { transformCell, transformers, transformSpecSchema } from "./registry.ts";

describe("transformSpecSchema", () => {
  it("accepts each kind with its options", () => {
    expect(transformSpecSchema.parse({ kind: "currency", decimalSeparator: "," })).toEqual({
      kind: "currency",
      decimalSeparator: ",",
    });
    expect(transformSpecSchema.parse({ kind: "date", dateFormat: "DD/MM/YYYY" })).toEqual({
      kind: "date",
      dateFormat: "DD/MM/YYYY",
    });
    expect(transformSpecSchema.parse({ kind: "percent", percentAssume: "percent" })).toEqual({
      kind: "percent",
      percentAssume: "percent",
    });
  });

  it("drops unknown keys from stored JSON", () => {
    expect(transformSpecSchema.parse({ kind: "text", legacy: true })).toEqual({ kind: "text" });
  });

  it.each([
    {},
    { kind: "money" },
    { kind: "date", dateFormat: "D/M/Y" },
    { kind: "currency", decimalSeparator: ";" },
    { kind: "percent", percentAssume: "ratio" },
  ])("rejects %j", (spec) => {
    expect(transformSpecSchema.safeParse(spec).success).toBe(false);
  });
});

describe("transformers registry", () => {
  it("has one transformer per kind", () => {
    expect(Object.keys(transformers).sort()).toEqual(
      ["currency", "date", "integer", "number", "percent", "provider", "text"],
    );
  });

  it.each([
    [{ kind: "currency" } as const, "$1,234.50", { ok: true, value: "1234.50", cents: 123450 }],
    [{ kind: "currency", decimalSeparator: "," } as const, "1.234,50 €", { ok: true, value: "1234.50", cents: 123450 }],
    [{ kind: "number" } as const, "12.5", { ok: true, value: 12.5 }],
    [{ kind: "integer" } as const, "1,234", { ok: true, value: 1234 }],
    [{ kind: "percent" } as const, "12.5%", { ok: true, value: "0.125" }],
    [{ kind: "percent", percentAssume: "percent" } as const, 12.5, { ok: true, value: "0.125" }],
    [{ kind: "date", dateFormat: "DD/MM/YYYY" } as const, "03/04/2024", { ok: true, value: "2024-04-03" }],
    [{ kind: "date" } as const, 45306, { ok: true, value: "2024-01-15" }],
    [{ kind: "text" } as const, " a  b ", { ok: true, value: "a b" }],
    [
      { kind: "provider" } as const,
      "Dr. Maria Chen",
      { ok: true, value: "Maria Chen", original: "Dr. Maria Chen", key: "maria chen" },
    ],
  ])("transformCell(%j, %j)", (spec, cell, expected) => {
    expect(transformCell(cell, spec)).toEqual(expected);
  });

  it("passes the month tab to date transforms", () => {
    expect(transformCell("Mon 15", { kind: "date" }, { monthTab: "Jan-24" })).toEqual({
      ok: true,
      value: "2024-01-15",
    });
  });
});
