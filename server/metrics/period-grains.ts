/**
 * Aggregation grains (the `aggregation_type` of metric_aggregations rows) and
 * the calendar periods they cover. Weeks are ISO weeks: Monday–Sunday.
 */
import {
  type DateRange,
  type IsoDate,
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  diffDays,
  formatDateParts,
  lastDayOfMonth,
  parseIsoDate,
  toEpochDay,
} from "./iso-date.ts";

export const GRAINS = ["day", "week", "month", "quarter", "year"] as const;
export type Grain = (typeof GRAINS)[number];

/** One calendar period of a grain, both ends inclusive. */
export interface Period {
  grain: Grain;
  start: IsoDate;
  end: IsoDate;
}

export function isGrain(value: unknown): value is Grain {
  return typeof value === "string" && (GRAINS as readonly string[]).includes(value);
}

/** First day of the period of `grain` that contains `date`. */
export function periodStart(date: IsoDate, grain: Grain): IsoDate {
  const { year, month } = parseIsoDate(date);
  switch (grain) {
    case "day":
      return date;
    case "week":
      // Days since Monday: Mon→0 … Sun→6.
      return addDays(date, -((dayOfWeek(date) + 6) % 7));
    case "month":
      return formatDateParts({ year, month, day: 1 });
    case "quarter":
      return formatDateParts({ year, month: month - ((month - 1) % 3), day: 1 });
    case "year":
      return formatDateParts({ year, month: 1, day: 1 });
  }
}

/** Last day (inclusive) of the period of `grain` that contains `date`. */
export function periodEnd(date: IsoDate, grain: Grain): IsoDate {
  switch (grain) {
    case "day":
      parseIsoDate(date);
      return date;
    case "week":
      return addDays(periodStart(date, "week"), 6);
    case "month":
      return lastDayOfMonth(date);
    case "quarter":
      return lastDayOfMonth(addMonths(periodStart(date, "quarter"), 2));
    case "year":
      return formatDateParts({ year: parseIsoDate(date).year, month: 12, day: 31 });
  }
}

export function periodOf(date: IsoDate, grain: Grain): Period {
  return { grain, start: periodStart(date, grain), end: periodEnd(date, grain) };
}

export function isPeriodStart(date: IsoDate, grain: Grain): boolean {
  return periodStart(date, grain) === date;
}

export function isPeriodEnd(date: IsoDate, grain: Grain): boolean {
  return periodEnd(date, grain) === date;
}

/** Hard stop against accidental huge loops (e.g. a typo'd year 0024). */
const MAX_PERIODS = 50_000;

/**
 * Every period of `grain` that overlaps [from, to], with its full (unclipped)
 * bounds, oldest first. An empty range (`to` before `from`) gives [].
 */
export function enumeratePeriods(from: IsoDate, to: IsoDate, grain: Grain): Period[] {
  if (compareDates(from, to) > 0) return [];
  const out: Period[] = [];
  let cursor = periodStart(from, grain);
  while (compareDates(cursor, to) <= 0) {
    const end = periodEnd(cursor, grain);
    out.push({ grain, start: cursor, end });
    if (out.length > MAX_PERIODS) throw new RangeError(`More than ${MAX_PERIODS} ${grain} periods in ${from}…${to}`);
    cursor = addDays(end, 1);
  }
  return out;
}

export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year near 1 January. */
  year: number;
  /** 1–53 */
  week: number;
}

/**
 * ISO-8601 week of a date. A week belongs to the year that holds its Thursday,
 * so 2021-01-03 is in 2020-W53 and 2024-12-30 is in 2025-W01.
 */
export function isoWeek(date: IsoDate): IsoWeek {
  const thursday = addDays(periodStart(date, "week"), 3);
  const year = parseIsoDate(thursday).year;
  const jan1 = formatDateParts({ year, month: 1, day: 1 });
  return { year, week: Math.floor(diffDays(jan1, thursday) / 7) + 1 };
}

/** `2020-W53` style label. */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Number of whole days in a period or range (inclusive). */
export function periodLength(range: DateRange): number {
  return toEpochDay(range.to) - toEpochDay(range.from) + 1;
}
