import { describe, expect, it } from "vitest";
import { normaliseHeader } from "./normalise.ts";

describe("normaliseHeader", () => {
  it.each<[string, string]>([
    ["  Gross   Production ", "gross production"],
    ["Gross\u00A0Production", "gross production"],
    ["Gross\nProduction", "gross production"],
    ["GrossProduction", "gross production"],
    ["gross_production", "gross production"],
    ["Prod. $", "prod"],
    ["# of Calls", "of calls"],
    ["Collections (billing dept only)", "collections"],
    ["Production [Hyg]", "production"],
    ["(Date)", "date"],
    ["No-Shows", "noshow"],
    ["No Showed", "noshow"],
    ["Write-offs", "writeoff"],
    ["W/O", "writeoff"],
    ["Ins w/off", "ins writeoff"],
    ["Voice Mails", "voicemail"],
    ["Pt's Seen", "pts seen"],
    ["Café Fees", "cafe fees"],
    ["Over/Under Goal", "over under goal"],
    ["P&L", "p and l"],
  ])("%j → %j", (raw, text) => {
    expect(normaliseHeader(raw).text).toBe(text);
  });

  it("records $, % and # hints", () => {
    expect(normaliseHeader("Prod $").hints).toEqual({ currency: true, percent: false, count: false });
    expect(normaliseHeader("% of Goal").hints).toEqual({ currency: false, percent: true, count: false });
    expect(normaliseHeader("# NP").hints).toEqual({ currency: false, percent: false, count: true });
    expect(normaliseHeader("Production (% of goal)").hints.percent).toBe(true);
  });

  it("flags remarks but not units in parentheses", () => {
    expect(normaliseHeader("Collections (billing dept only)").hadRemark).toBe(true);
    expect(normaliseHeader("Production ($)").hadRemark).toBe(false);
    expect(normaliseHeader("Booked (mins)").hadRemark).toBe(false);
    expect(normaliseHeader("(Date)").hadRemark).toBe(false);
  });
});
