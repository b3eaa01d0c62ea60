import { describe, expect, it } from "vitest";
import { normaliseSpaces } from "./cell.ts";
import { TRANSFORM_KINDS, transformers } from "./registry.ts";

const ERRORS: [string, string][] = [
  ["#REF!", "#REF! is a spreadsheet error (a formula refers to a deleted cell)"],
  ["#DIV/0!", "#DIV/0! is a spreadsheet error (a formula divides by zero)"],
  ["#N/A", "#N/A is a spreadsheet error (a lookup formula found nothing)"],
  ["#VALUE!", "#VALUE! is a spreadsheet error (a formula got the wrong kind of value)"],
  ["#NAME?", "#NAME? is a spreadsheet error (a formula uses a name or function the spreadsheet does not know)"],
  ["#NUM!", "#NUM! is a spreadsheet error (a formula produced an impossible number)"],
  ["#NULL!", "#NULL! is a spreadsheet error (a formula refers to ranges that do not overlap)"],
  ["#ERROR!", "#ERROR! is a spreadsheet error (a formula could not be understood)"],
];

describe("spreadsheet error values are reported by every transformer", () => {
  for (const kind of TRANSFORM_KINDS) {
    it.each(ERRORS)(`${kind}: %s`, (cell, message) => {
      expect(transformers[kind](cell, { monthTab: "Jan-24" })).toEqual({
        ok: false,
        code: "spreadsheet_error",
        message,
      });
    });
  }

  it("recognises errors with stray spaces and lower case", () => {
    expect(transformers.currency(" #ref! ")).toMatchObject({ ok: false, code: "spreadsheet_error" });
  });

  it("reports an IMPORTRANGE that is still loading", () => {
    expect(transformers.integer("Loading...")).toMatchObject({ ok: false, code: "spreadsheet_error" });
  });
});

describe("blank cells are blank for every transformer", () => {
  const blanks = [null, undefined, "", " ", "\u00A0\u202F", "\t\n", "-", "—", "–"];
  for (const kind of TRANSFORM_KINDS) {
    it.each(blanks)(`${kind}: %j`, (cell) => {
      expect(transformers[kind](cell)).toEqual({ ok: true, value: null, blank: true });
    });
  }
});

describe("normaliseSpaces", () => {
  it("turns every kind of space into one ASCII space and trims", () => {
    expect(normaliseSpaces("\u00A0a\u2009\u2007b\u3000 c\r\n")).toBe("a b c");
  });
  it("drops zero-width characters and soft hyphens", () => {
    expect(normaliseSpaces("\uFEFF12\u200B3\u00AD4")).toBe("1234");
  });
});
