import { describe, expect, it } from "vitest";
import type { Cell } from "../transform/result.ts";
import { inferValueShape, shapeCandidates, shapeCompatibility, type ValueShape } from "./value-shape.ts";

describe("inferValueShape", () => {
  it.each<[string, Cell[], ValueShape]>([
    ["no values", [null, "", "-"], "empty"],
    ["formatted dates", ["1/2/2024", "1/3/2024", "Jan 4, 2024"], "date"],
    ["ISO dates with a blank", ["2024-01-02", "", "2024-01-03"], "date"],
    ["consecutive serials", [45293, 45294, 45300], "date"],
    ["amounts in the serial range", [40000, 52000, 61000], "integer"],
    ["a single serial-like number", [45293], "integer"],
    ["currency strings", ["$1,200.00", "($50.00)", "$0.00"], "currency"],
    ["currency with some plain numbers", ["$1,200.00", "1200", "$5"], "currency"],
    ["counts", ["12", "1,204", 7], "integer"],
    ["decimals", [1.5, "2.25", 3], "decimal"],
    ["percentages", ["12%", "15.5%"], "percent"],
    ["weekdays", ["Mon", "Tue", "Wed."], "weekday"],
    ["providers", ["Dr. Chen", "Maria Lopez, DDS", "Jane Roe RDH"], "provider"],
    ["plain names", ["Maria Chen", "John Smith", "Chen, Maria"], "name"],
    ["free text", ["Slow day", "power cut", "Dr. Chen out"], "text"],
    ["mixed", ["12", "Dr. Chen", "1/2/2024", "nothing"], "mixed"],
    ["errors are skipped", ["#REF!", "12", "13"], "integer"],
  ])("%s → %s", (_label, cells, shape) => {
    expect(inferValueShape(cells)).toBe(shape);
  });
});

describe("shapeCompatibility", () => {
  it("keeps fitting matches and lowers misfits", () => {
    expect(shapeCompatibility("currency", "currency")).toBe(1);
    expect(shapeCompatibility("currency", "integer")).toBe(1);
    expect(shapeCompatibility("integer", "currency")).toBeLessThan(1);
    expect(shapeCompatibility("date", "currency")).toBe(0.5);
    expect(shapeCompatibility("date", "weekday")).toBeLessThan(0.35);
    expect(shapeCompatibility("provider", "mixed")).toBe(1);
  });
});

describe("shapeCandidates", () => {
  it("needs exactly one money hint", () => {
    expect(shapeCandidates("currency", ["fees"], false)).toEqual([
      { field: "gross_production", confidence: 0.4, reason: "value-shape" },
    ]);
    expect(shapeCandidates("currency", ["fees", "deposits"], false)).toEqual([]);
    expect(shapeCandidates("currency", ["amount"], false)).toEqual([]);
  });
});
