import { describe, expect, it } from "vitest";
import { addDays, compareDates, fromEpochDay, toEpochDay } from "./iso-date.ts";
import { periodEnd, periodStart } from "./period-grains.ts";
import { chooseGrain, planRangeQuery } from "./range-plan.ts";

const brief = (from: string, to: string) => planRangeQuery(from, to).map((p) => `${p.grain}:${p.periodStart}`);

describe("planRangeQuery", () => {
  it("a calendar year is one year row", () => {
    expect(planRangeQuery("2024-01-01", "2024-12-31")).toEqual([
      { grain: "year", periodStart: "2024-01-01", periodEnd: "2024-12-31" },
    ]);
  });

  it("a half year is two quarter rows", () => {
    expect(brief("2024-01-01", "2024-06-30")).toEqual(["quarter:2024-01-01", "quarter:2024-04-01"]);
  });

  it("a leap February is one month row; Feb 1–28 of a leap year is 28 day rows", () => {
    expect(brief("2024-02-01", "2024-02-29")).toEqual(["month:2024-02-01"]);
    const partial = planRangeQuery("2024-02-01", "2024-02-28");
    expect(partial).toHaveLength(28);
    expect(partial.every((p) => p.grain === "day")).toBe(true);
  });

  it("a rolling year uses days at the edges and the coarsest periods inside", () => {
    const plan = planRangeQuery("2023-03-15", "2024-03-15");
    const counts = plan.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.grain]: (acc[p.grain] ?? 0) + 1 }), {});
    expect(counts).toEqual({ day: 17 + 15, quarter: 3, month: 2 });
    expect(plan).toHaveLength(37);
    expect(plan.filter((p) => p.grain !== "day").map((p) => `${p.grain}:${p.periodStart}`)).toEqual([
      "quarter:2023-04-01",
      "quarter:2023-07-01",
      "quarter:2023-10-01",
      "month:2024-01-01",
      "month:2024-02-01",
    ]);
  });

  it("spans a year end with a year row in the middle", () => {
    expect(brief("2023-12-31", "2025-01-01")).toEqual(["day:2023-12-31", "year:2024-01-01", "day:2025-01-01"]);
  });

  it("quarter-to-date mixes months and days", () => {
    expect(brief("2024-04-01", "2024-05-03")).toEqual([
      "month:2024-04-01",
      "day:2024-05-01",
      "day:2024-05-02",
      "day:2024-05-03",
    ]);
  });

  it("an empty range needs no rows", () => {
    expect(planRangeQuery("2024-03-10", "2024-03-09")).toEqual([]);
  });

  /** Fewest whole periods (year/quarter/month/day) tiling [from, to], by dynamic programming. */
  function minimalPieces(from: string, to: string): number {
    const start = toEpochDay(from);
    const n = toEpochDay(to) - start + 1;
    const best = new Array<number>(n + 1).fill(Infinity);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      const cur = best[i]!;
      if (cur === Infinity) continue;
      const date = fromEpochDay(start + i);
      for (const grain of ["day", "month", "quarter", "year"] as const) {
        if (periodStart(date, grain) !== date) continue;
        const j = toEpochDay(periodEnd(date, grain)) - start + 1;
        if (j <= n && cur + 1 < best[j]!) best[j] = cur + 1;
      }
    }
    return best[n]!;
  }

  it("tiles random ranges exactly with the minimal number of rows", () => {
    let seed = 42;
    const rand = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % max;
    };
    for (let trial = 0; trial < 300; trial++) {
      const from = fromEpochDay(toEpochDay("2022-01-01") + rand(900));
      const to = addDays(from, rand(800));
      const plan = planRangeQuery(from, to);
      expect(plan[0]!.periodStart).toBe(from);
      expect(plan.at(-1)!.periodEnd).toBe(to);
      for (let i = 0; i < plan.length; i++) {
        const p = plan[i]!;
        expect(periodStart(p.periodStart, p.grain)).toBe(p.periodStart);
        expect(periodEnd(p.periodStart, p.grain)).toBe(p.periodEnd);
        if (i > 0) expect(p.periodStart).toBe(addDays(plan[i - 1]!.periodEnd, 1));
        expect(compareDates(p.periodEnd, to)).toBeLessThanOrEqual(0);
      }
      expect(plan.length).toBe(minimalPieces(from, to));
    }
  });
});

describe("chooseGrain", () => {
  it.each([
    ["2024-01-01", "2025-12-31", "year"],
    ["2024-01-01", "2024-06-30", "quarter"],
    ["2024-03-01", "2024-04-30", "month"],
    ["2024-02-01", "2024-02-29", "month"],
    ["2024-03-04", "2024-03-17", "week"],
    ["2024-03-02", "2024-03-05", "day"],
    ["2024-03-01", "2024-03-15", "day"],
  ])("%s … %s → %s", (from, to, grain) => {
    expect(chooseGrain(from, to)).toBe(grain);
  });

  it("returns null for an empty range", () => {
    expect(chooseGrain("2024-03-02", "2024-03-01")).toBeNull();
  });
});
