/**
 * Calendar-date primitives on ISO `YYYY-MM-DD` strings.
 *
 * Every public date in server/metrics and server/goals is an `IsoDate` string:
 * a calendar day with no time and no time zone. Arithmetic goes through the
 * "epoch day" (days since 1970-01-01, computed with UTC), so it never depends
 * on the server's time zone or on daylight-saving changes.
 */

/** A calendar day as `YYYY-MM-DD`. Validated at runtime by {@link assertIsoDate}. */
export type IsoDate = string;

/** An inclusive range of calendar days. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in `month` (1–12) of `year`. A table, not a Date: every date parse calls it. */
export function daysInMonth(year: number, month: number): number {
  const days = MONTH_DAYS[month - 1];
  if (days === undefined) throw new RangeError(`Month ${month} is outside 1–12`);
  return month === 2 && isLeapYear(year) ? 29 : days;
}

/** Parses and validates; throws RangeError for anything but a real `YYYY-MM-DD` day. */
export function parseIsoDate(value: string): DateParts {
  const m = ISO_DATE_RE.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Invalid ISO date "${value}" (expected a real day as YYYY-MM-DD)`);
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function assertIsoDate(value: string): IsoDate {
  parseIsoDate(value);
  return value;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function formatDateParts({ year, month, day }: DateParts): IsoDate {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside 0000–9999`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01. */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isInteger(epochDay)) throw new RangeError(`Epoch day must be an integer, got ${epochDay}`);
  const d = new Date(epochDay * MS_PER_DAY);
  return formatDateParts({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Converts a JS Date to the calendar day it falls on in UTC. */
export function isoDateFromUtc(date: Date): IsoDate {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid Date");
  return formatDateParts({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** The calendar day as a Date at UTC midnight (for drivers that want Date objects). */
export function isoDateToUtcDate(date: IsoDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 29/28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be an integer, got ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDateParts({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** Adds calendar years; Feb 29 maps to Feb 28 in a non-leap year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** `b − a` in days (positive when b is later). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Number of days in an inclusive range; 0 when `to` is before `from`. */
export function rangeLength(from: IsoDate, to: IsoDate): number {
  return Math.max(0, diffDays(from, to) + 1);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  const d = toEpochDay(a) - toEpochDay(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** 0 = Sunday … 6 = Saturday (same numbering as `Date#getUTCDay`). */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isLastDayOfMonth(date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  return day === daysInMonth(year, month);
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(date);
  return formatDateParts({ year, month, day: daysInMonth(year, month) });
}

export function isWithin(date: IsoDate, range: DateRange): boolean {
  return compareDates(date, range.from) >= 0 && compareDates(date, range.to) <= 0;
}
