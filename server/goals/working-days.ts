/**
 * Per-clinic working-days calendar: which days the clinic is open, used to
 * pace goals and to scale per-day targets.
 *
 * A day is a working day when it is in `extraOpenDates`, or its weekday is in
 * `weekdays`; in both cases unless it is in `closedDates`. Closed wins over
 * extra-open when a date is (wrongly) in both: a holiday must never add
 * expected production.
 */
import { z } from "zod";
import { type IsoDate, compareDates, dayOfWeek, isIsoDate, rangeLength } from "../metrics/iso-date.ts";

export interface WorkingCalendar {
  /** Open weekdays, 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  /** Holidays and other closures (YYYY-MM-DD). */
  closedDates: string[];
  /** Days open although their weekday is not (YYYY-MM-DD). */
  extraOpenDates?: string[];
}

export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

export const DEFAULT_WORKING_CALENDAR: Readonly<WorkingCalendar> = Object.freeze({
  weekdays: [...DEFAULT_WORKING_WEEKDAYS],
  closedDates: [],
});

const isoDate = z.string().refine(isIsoDate, "Expected a real date as YYYY-MM-DD");

/** For the calendar as stored in JSON; missing fields get the defaults. */
export const WorkingCalendarSchema = z.strictObject({
  weekdays: z
    .array(z.number().int().min(0).max(6))
    .default([...DEFAULT_WORKING_WEEKDAYS])
    .refine((days) => new Set(days).size === days.length, "Weekdays must not repeat"),
  closedDates: z.array(isoDate).default([]),
  extraOpenDates: z.array(isoDate).optional(),
});

export function isWorkingDay(date: IsoDate, cal: WorkingCalendar): boolean {
  if (cal.closedDates.includes(date)) return false;
  if (cal.extraOpenDates?.includes(date)) return true;
  return cal.weekdays.includes(dayOfWeek(date));
}

function inRange(date: string, from: IsoDate, to: IsoDate): boolean {
  return isIsoDate(date) && compareDates(date, from) >= 0 && compareDates(date, to) <= 0;
}

/**
 * Working days in [from, to], both ends included; 0 when `to` is before
 * `from`. Runs in O(closedDates + extraOpenDates), not O(days).
 */
export function countWorkingDays(from: IsoDate, to: IsoDate, cal: WorkingCalendar): number {
  const days = rangeLength(from, to);
  if (days === 0) return 0;
  const open = new Set(cal.weekdays.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6));

  // Whole weeks contribute every open weekday once; then the leftover days.
  let count = Math.floor(days / 7) * open.size;
  const firstDow = dayOfWeek(from);
  for (let i = 0; i < days % 7; i++) if (open.has((firstDow + i) % 7)) count++;

  const closed = new Set(cal.closedDates.filter((d) => inRange(d, from, to)));
  for (const d of closed) if (open.has(dayOfWeek(d))) count--;
  for (const d of new Set(cal.extraOpenDates ?? [])) {
    if (inRange(d, from, to) && !closed.has(d) && !open.has(dayOfWeek(d))) count++;
  }
  return count;
}
