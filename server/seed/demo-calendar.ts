/**
 * When the demo clinics are open: Monday–Friday, plus the 1st and 3rd
 * Saturday of each month at clinics with `openSaturdays`; closed on Sundays
 * and on US holidays (New Year's Day, Memorial Day, Independence Day, Labor
 * Day, Thanksgiving and the Friday after, Christmas Day). A fixed-date holiday
 * on a Saturday also closes the Friday before, on a Sunday the Monday after.
 */
import type { WorkingCalendar } from "../goals/working-days.ts";
import { type IsoDate, fromEpochDay, toEpochDay } from "../metrics/iso-date.ts";
import type { DemoClinic } from "./demo-group.ts";

const MS_PER_DAY = 86_400_000;

function epochDayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The n-th (1-based) `weekday` of a month, as an epoch day. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = epochDayOf(year, month, 1);
  return first + ((weekday - weekdayOfEpochDay(first) + 7) % 7) + 7 * (n - 1);
}

/** The last `weekday` of a month, as an epoch day. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const last = epochDayOf(year, month + 1, 0);
  return last - ((weekdayOfEpochDay(last) - weekday + 7) % 7);
}

const closureCache = new Map<number, ReadonlySet<number>>();

/** Epoch days in `year` on which every demo clinic is closed for a holiday. */
export function holidayClosures(year: number): ReadonlySet<number> {
  const cached = closureCache.get(year);
  if (cached) return cached;

  const days: number[] = [];
  // Fixed-date holidays of this year and next New Year's Day (observed on Dec 31 when it is a Saturday).
  const fixed = [
    epochDayOf(year, 1, 1),
    epochDayOf(year, 7, 4),
    epochDayOf(year, 12, 25),
    epochDayOf(year + 1, 1, 1),
  ];
  for (const day of fixed) {
    days.push(day);
    const dow = weekdayOfEpochDay(day);
    if (dow === 6) days.push(day - 1);
    if (dow === 0) days.push(day + 1);
  }
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  days.push(lastWeekday(year, 5, 1), nthWeekday(year, 9, 1, 1), thanksgiving, thanksgiving + 1);

  const from = epochDayOf(year, 1, 1);
  const to = epochDayOf(year, 12, 31);
  const set = new Set(days.filter((d) => d >= from && d <= to));
  closureCache.set(year, set);
  return set;
}

export function isHolidayClosure(date: IsoDate): boolean {
  const epochDay = toEpochDay(date);
  return holidayClosures(Number(date.slice(0, 4))).has(epochDay);
}

/** Whether `clinic` is open on the given day (epoch day plus its UTC calendar parts). */
export function isDemoClinicOpen(
  clinic: Pick<DemoClinic, "openSaturdays">,
  epochDay: number,
  year: number,
  dayOfMonth: number,
): boolean {
  const dow = weekdayOfEpochDay(epochDay);
  if (dow === 0) return false;
  if (holidayClosures(year).has(epochDay)) return false;
  if (dow === 6) return clinic.openSaturdays && (dayOfMonth <= 7 || (dayOfMonth >= 15 && dayOfMonth <= 21));
  return true;
}

/**
 * The clinic's opening days in [from, to] as a goals working calendar
 * (server/goals/working-days.ts), so goal pacing matches the demo data.
 */
export function demoWorkingCalendar(
  clinic: Pick<DemoClinic, "openSaturdays">,
  from: IsoDate,
  to: IsoDate,
): WorkingCalendar {
  const closedDates: string[] = [];
  const extraOpenDates: string[] = [];
  for (let e = toEpochDay(from), last = toEpochDay(to); e <= last; e++) {
    const dow = weekdayOfEpochDay(e);
    const date = fromEpochDay(e);
    const open = isDemoClinicOpen(clinic, e, Number(date.slice(0, 4)), Number(date.slice(8, 10)));
    if (dow >= 1 && dow <= 5 && !open) closedDates.push(date);
    if (dow === 6 && open) extraOpenDates.push(date);
  }
  return { weekdays: [1, 2, 3, 4, 5], closedDates, extraOpenDates };
}
