import { describe, expect, it } from "vitest";
import type { Cell } from "./result.ts";
import { parseProviderName, parseText, providerKey } from "./text.ts";

describe("parseText", () => {
  it.each<[Cell, string]>([
    ["  Front desk  ", "Front desk"],
    ["Main\u00A0\u00A0Office", "Main Office"],
    ["Line one\nline two", "Line one line two"],
    ["tab\tseparated", "tab separated"],
    ["zero\u200Bwidth", "zerowidth"],
    [101, "101"],
    [2.5, "2.5"],
  ])("%j → %s", (cell, value) => {
    expect(parseText(cell)).toEqual({ ok: true, value });
  });

  it.each<Cell>([null, undefined, "", "   ", "\u00A0", "-", "—"])("%j is blank", (cell) => {
    expect(parseText(cell)).toEqual({ ok: true, value: null, blank: true });
  });

  it("rejects checkboxes", () => {
    expect(parseText(true)).toMatchObject({ ok: false, code: "invalid_type" });
  });
});

describe("parseProviderName", () => {
  it.each<[Cell, string, string]>([
    ["Dr. Maria Chen ", "Maria Chen", "maria chen"],
    ["Dr Maria Chen", "Maria Chen", "maria chen"],
    ["DR. MARIA CHEN", "MARIA CHEN", "maria chen"],
    ["Dr.Chen", "Chen", "chen"],
    ["Doctor Chen", "Chen", "chen"],
    ["Maria Chen, DDS", "Maria Chen", "maria chen"],
    ["Maria Chen D.D.S.", "Maria Chen", "maria chen"],
    ["Maria Chen, DMD, MS", "Maria Chen", "maria chen"],
    ["Jane Doe RDH", "Jane Doe", "jane doe"],
    ["Chen, Maria", "Maria Chen", "maria chen"],
    ["Chen, Maria DDS", "Maria Chen", "maria chen"],
    ["Ms. Jane Doe", "Jane Doe", "jane doe"],
    ["José O'Neil-Smith", "José O'Neil-Smith", "jose o neil smith"],
    ["Drew Barry", "Drew Barry", "drew barry"],
    ["  Maria\u00A0 Chen ", "Maria Chen", "maria chen"],
    ["HYG1", "HYG1", "hyg1"],
  ])("%j → %s", (cell, value, key) => {
    expect(parseProviderName(cell)).toMatchObject({ ok: true, value, key });
  });

  it("keeps the original text", () => {
    expect(parseProviderName(" Dr. Maria Chen ")).toEqual({
      ok: true,
      value: "Maria Chen",
      original: "Dr. Maria Chen",
      key: "maria chen",
    });
  });

  it.each<Cell>(["Dr.", "Dr", ", DDS"])("%j has no name", (cell) => {
    expect(parseProviderName(cell)).toMatchObject({ ok: false, code: "invalid_format" });
  });

  it.each<Cell>(["", " ", "-", null])("%j is blank", (cell) => {
    expect(parseProviderName(cell)).toEqual({ ok: true, value: null, blank: true });
  });

  it("builds accent-free comparison keys", () => {
    expect(providerKey("Zoë  Brontë")).toBe("zoe bronte");
  });
});
