/**
 * Named date ranges for the dashboard's period picker, and the comparison
 * ranges ("previous period", "same period last year") shown beside them.
 */
import {
  type DateRange,
  type IsoDate,
  addDays,
  addMonths,
  addYears,
  compareDates,
  isLastDayOfMonth,
  lastDayOfMonth,
  parseIsoDate,
  rangeLength,
} from "./iso-date.ts";
import { isPeriodStart, periodEnd, periodStart } from "./period-grains.ts";

export const RANGE_PRESETS = [
  "this_month",
  "last_month",
  "quarter_to_date",
  "year_to_date",
  "trailing_12_months",
  "custom",
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Option labels for the picker. */
export const RANGE_PRESET_LABELS: Readonly<Record<RangePreset, string>> = {
  this_month: "This month",
  last_month: "Last month",
  quarter_to_date: "Quarter to date",
  year_to_date: "Year to date",
  trailing_12_months: "Last 12 months",
  custom: "Custom range",
};

export interface ResolvedRange extends DateRange {
  /** e.g. "This month (Mar 1 – 15, 2024)"; for custom ranges just the dates. */
  label: string;
  preset: RangePreset;
}

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === "string" && (RANGE_PRESETS as readonly string[]).includes(value);
}

/**
 * Turns a preset into concrete dates. "To date" presets end on `today`
 * (inclusive: today's data so far counts). `trailing_12_months` is the rolling
 * year ending today: 2023-03-16 … 2024-03-15 for today = 2024-03-15.
 * `custom` requires `custom` with from ≤ to, otherwise throws RangeError.
 */
export function resolveRange(preset: RangePreset, today: IsoDate, custom?: DateRange): ResolvedRange {
  parseIsoDate(today);
  let range: DateRange;
  switch (preset) {
    case "this_month":
      range = { from: periodStart(today, "month"), to: today };
      break;
    case "last_month": {
      const start = addMonths(periodStart(today, "month"), -1);
      range = { from: start, to: lastDayOfMonth(start) };
      break;
    }
    case "quarter_to_date":
      range = { from: periodStart(today, "quarter"), to: today };
      break;
    case "year_to_date":
      range = { from: periodStart(today, "year"), to: today };
      break;
    case "trailing_12_months":
      range = { from: addDays(addYears(today, -1), 1), to: today };
      break;
    case "custom":
      if (!custom) throw new RangeError("A custom range needs from and to dates");
      parseIsoDate(custom.from);
      parseIsoDate(custom.to);
      if (compareDates(custom.from, custom.to) > 0) {
        throw new RangeError(`Custom range starts after it ends (${custom.from} > ${custom.to})`);
      }
      range = { from: custom.from, to: custom.to };
      break;
  }
  const dates = formatRangeLabel(range);
  const label = preset === "custom" ? dates : `${RANGE_PRESET_LABELS[preset]} (${dates})`;
  return { ...range, label, preset };
}

/**
 * Shifts a date by whole months, keeping "last day of the month" sticky:
 * Apr 30 − 1 month = Mar 31 (not Mar 30); Mar 15 − 1 month = Feb 15;
 * Mar 30 − 1 month = Feb 29 (clamped).
 */
function shiftEndByMonths(date: IsoDate, months: number): IsoDate {
  const shifted = addMonths(date, months);
  return isLastDayOfMonth(date) ? lastDayOfMonth(shifted) : shifted;
}

function shiftByMonths(range: DateRange, months: number): DateRange {
  return { from: addMonths(range.from, months), to: shiftEndByMonths(range.to, months) };
}

function monthIndex(date: IsoDate): number {
  const { year, month } = parseIsoDate(date);
  return year * 12 + month - 1;
}

/**
 * To-date presets compare with the same stretch of the previous month/quarter/
 * year, even where the dates alone are ambiguous (year-to-date on Feb 10 also
 * looks like quarter-to-date).
 */
const PRESET_GRAIN: Partial<Record<RangePreset, readonly ["month" | "quarter" | "year", number]>> = {
  this_month: ["month", 1],
  last_month: ["month", 1],
  quarter_to_date: ["quarter", 3],
  year_to_date: ["year", 12],
};

/**
 * The comparison period before `range`. Rules, first match wins:
 * 1. Starts on a month/quarter/year boundary and ends inside that same month/
 *    quarter/year (smallest such grain) → the previous month/quarter/year over
 *    the same days: Mar 1–31 → Feb 1–29 (2024); month-to-date Mar 1–15 →
 *    Feb 1–15; Mar 1–30 → Feb 1–29 (clamped); Q2-to-date Apr 1–May 20 →
 *    Jan 1–Feb 20; a whole year → the previous year.
 * 2. Whole calendar months (first of a month … last of a month) → the same
 *    number of whole months immediately before: Feb 1–Mar 31 → Dec 1–Jan 31.
 * 3. A rolling year (from = to − 1 year + 1 day) → the rolling year that ends
 *    the day before `from`.
 * 4. Otherwise the same number of days immediately before.
 * A `preset` of this_month / last_month / quarter_to_date / year_to_date (as on
 * a ResolvedRange) pins rule 1 to that grain: year-to-date Jan 1–Feb 10 →
 * last year's Jan 1–Feb 10, not the previous quarter's first 41 days.
 */
export function previousRange(range: DateRange & { preset?: RangePreset }): DateRange {
  const { from, to } = range;
  if (compareDates(from, to) > 0) throw new RangeError(`Range starts after it ends (${from} > ${to})`);

  const forced = range.preset ? PRESET_GRAIN[range.preset] : undefined;
  const grainMonths = forced ? [forced] : ([["month", 1], ["quarter", 3], ["year", 12]] as const);
  for (const [grain, months] of grainMonths) {
    if (isPeriodStart(from, grain) && compareDates(to, periodEnd(from, grain)) <= 0) {
      return shiftByMonths(range, -months);
    }
  }

  if (isPeriodStart(from, "month") && isLastDayOfMonth(to)) {
    return shiftByMonths(range, -(monthIndex(to) - monthIndex(from) + 1));
  }

  if (addDays(addYears(to, -1), 1) === from) {
    const prevTo = addDays(from, -1);
    return { from: addDays(addYears(prevTo, -1), 1), to: prevTo };
  }

  const length = rangeLength(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/**
 * The same dates one year earlier. Feb 29 becomes Feb 28, and a range that
 * ends on a month's last day ends on that month's last day last year too
 * (Feb 1–28, 2025 → Feb 1–29, 2024).
 */
export function sameRangeLastYear(range: DateRange): DateRange {
  if (compareDates(range.from, range.to) > 0) {
    throw new RangeError(`Range starts after it ends (${range.from} > ${range.to})`);
  }
  return { from: addYears(range.from, -1), to: shiftEndByMonths(range.to, -12) };
}

const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function monthName(month: number): string {
  return MONTH_ABBR[month - 1] ?? "?";
}

/**
 * Compact English range label: "Mar 15, 2024", "Mar 1 – 15, 2024",
 * "Feb 1 – Mar 15, 2024", "Dec 1, 2023 – Jan 31, 2024".
 */
export function formatRangeLabel({ from, to }: DateRange): string {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (from === to) return `${monthName(a.month)} ${a.day}, ${a.year}`;
  if (a.year !== b.year) {
    return `${monthName(a.month)} ${a.day}, ${a.year} – ${monthName(b.month)} ${b.day}, ${b.year}`;
  }
  if (a.month !== b.month) return `${monthName(a.month)} ${a.day} – ${monthName(b.month)} ${b.day}, ${b.year}`;
  return `${monthName(a.month)} ${a.day} – ${b.day}, ${b.year}`;
}
