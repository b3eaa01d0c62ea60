import { describe, expect, it } from "vitest";
import { matchesTabPattern, parseMonthTab, tabPatternProblem } from "./month-tab.ts";

describe("parseMonthTab", () => {
  it.each<[string, number, number]>([
    ["Jan-24", 2024, 1],
    ["Jan 24", 2024, 1],
    ["Jan24", 2024, 1],
    ["JAN-24", 2024, 1],
    ["Jan 2024", 2024, 1],
    ["Jan. 2024", 2024, 1],
    ["January 2024", 2024, 1],
    ["Sept 2024", 2024, 9],
    ["Sep-24", 2024, 9],
    ["Dec '23", 2023, 12],
    ["2024-01", 2024, 1],
    ["2024/1", 2024, 1],
    ["01-2024", 2024, 1],
    ["2024 March", 2024, 3],
    ["  May 2024  ", 2024, 5],
    ["Copy of Jan-24", 2024, 1],
    ["Jan 2024 (Main Office)", 2024, 1],
  ])("%s → %d-%d", (title, year, month) => {
    expect(parseMonthTab(title)).toEqual({ year, month });
  });

  it.each([
    "Summary",
    "Sheet1",
    "2024",
    "January",
    "Jan-Feb 2024",
    "Jan 24 - Feb 24",
    "2024-01-15",
    "01-24",
    "Dec 15-31",
    "Market 24",
    "Jan 1989",
    "2024-13",
    "Q1 2024",
  ])("%s is not a month tab", (title) => {
    expect(parseMonthTab(title)).toBeNull();
  });
});

describe("matchesTabPattern", () => {
  it.each<[string, string, boolean]>([
    ["Jan-24", "monthly", true],
    ["Feb 2024", "Monthly", true],
    ["Summary", "monthly", false],
    ["Jan-24", "Jan-*", true],
    ["jan-25", "Jan-*", true],
    ["Feb-24", "Jan-*", false],
    ["Week 3", "Week ?", true],
    ["Week 12", "Week ?", false],
    ["Totals (2024)", "Totals (*)", true], // regex characters in a glob are literal
    ["Main.Office", "Main.Office", true],
    ["MainXOffice", "Main.Office", false],
    ["Q1 2024", "/^Q[1-4]/", true],
    ["q1 2024", "/^Q[1-4]/", false],
    ["q1 2024", "/^Q[1-4]/i", true],
    ["Q5", "/^Q[1-4]/", false],
    ["Q1", "/^Q[1-4]/g", true],
    ["anything", "/(unclosed/", false],
    ["anything", "   ", false],
  ])("%s vs %s → %s", (title, pattern, expected) => {
    expect(matchesTabPattern(title, pattern)).toBe(expected);
  });

  it("is not stateful with the g flag", () => {
    expect(matchesTabPattern("Q1", "/^Q1/g")).toBe(true);
    expect(matchesTabPattern("Q1", "/^Q1/g")).toBe(true);
  });

  it("explains unusable patterns", () => {
    expect(tabPatternProblem("monthly")).toBeNull();
    expect(tabPatternProblem("Jan-*")).toBeNull();
    expect(tabPatternProblem("/(unclosed/")).toBe("“/(unclosed/” is not a valid regular expression");
    expect(tabPatternProblem("")).toBe("The pattern is empty");
    expect(tabPatternProblem("x".repeat(201))).toMatch(/longer than 200/);
  });
});
