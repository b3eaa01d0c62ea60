/**
 * Date cells → ISO 'YYYY-MM-DD'.
 *
 * Decisions:
 *  - Numbers (UNFORMATTED_VALUE) are serial days since 1899-12-30; the time-of-day
 *    fraction is dropped. With a month tab, a whole number 1–31 is a day of that month.
 *  - `format` only decides the order of all-numeric dates (1/2/2024). Unambiguous
 *    forms — ISO 2024-01-15, 20240115, 15-Jan-2024, Jan 15, 2024, serial numbers — are
 *    accepted in every format.
 *  - 'auto' (and 'serial' for text): when one part is above 12 it must be the day
 *    (15/01/2024 → 2024-01-15). When both could be the month (03/04/2024) US order
 *    is used and the result carries `ambiguous: true` so the import can warn;
 *    `inferDateOrder` looks at a whole column to choose the order.
 *  - A two-digit year is 20xx. Years outside 1990–2100 are rejected.
 *  - A date without a year takes the month tab's year, otherwise the year that puts
 *    it closest to `today` (so "12/28" typed in early January is last December).
 *  - "Jan-24" / "Jan/24" / "Jan 2024" mean the month (its 1st day, as in monthly
 *    summary sheets); "Jan 24" with a space means January 24.
 *  - A leading or trailing weekday ("Mon 15", "Monday, January 15, 2024") and a
 *    trailing time ("1/15/2024 9:30:00") are ignored.
 */
import { checkboxFailure, classifyCell, nonFiniteFailure } from "./cell.ts";
import {
  checkDate,
  dayDifference,
  monthFromWord,
  serialToYmd,
  toIsoDate,
  WEEKDAY_PATTERN,
  type Ymd,
} from "./calendar.ts";
import { parseMonthTab, type MonthTab } from "./month-tab.ts";
import { BLANK, fail, quote, success, type Cell, type Failure, type ParseResult } from "./result.ts";

export const DATE_FORMATS = ["auto", "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD", "serial"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface DateOptions {
  /** Order of all-numeric dates. Default 'auto'. */
  format?: DateFormat;
  /** Title of the tab the cell came from, e.g. 'Jan-24'; gives day-only cells their month. */
  monthTab?: string;
  /**
   * "Now", for dates typed without a year. Default: the current date. A function is called only
   * when a cell needs it (a sync uses that to know whether its result depends on the day).
   */
  today?: Date | (() => Date);
}

export type DateResult = ParseResult<string, { ambiguous?: true }>;

interface Context {
  format: DateFormat;
  tab: MonthTab | null;
  tabTitle: string | undefined;
  today: Date | (() => Date) | undefined;
  raw: string;
}

const WHAT = "a date";
const TIME_SUFFIX = /(?:[ t]|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|[+-]\d{2}:?\d{2})?$/;
const LEADING_WEEKDAY = new RegExp(`^(?:${WEEKDAY_PATTERN})\\.?,?\\s*(?=\\S)`);
const TRAILING_WEEKDAY = new RegExp(`\\s*\\(?(?:${WEEKDAY_PATTERN})\\.?\\)?$`);

const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;
const DAY_ONLY = /^\d{1,2}$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YEAR_MONTH = /^(\d{4})[-/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/;
const NUMERIC_NO_YEAR = /^(\d{1,2})[-/](\d{1,2})$/;
const MONTH_YEAR = /^([a-z]+)\.?(?:[\s,]*(\d{4})|[-/](\d{2}))$/;
const DAY_MONTH = /^(\d{1,2})[\s\-/.]*([a-z]+)\.?(?:,?[\s\-/.,]*(\d{4}|\d{2}))?$/;
const MONTH_DAY = /^([a-z]+)\.?[\s\-/.]*(\d{1,2})(?:,?[\s\-/.,]+(\d{4}|\d{2}))?$/;

export function parseDate(cell: Cell, opts: DateOptions = {}): DateResult {
  const c = classifyCell(cell);
  switch (c.kind) {
    case "blank":
      return BLANK;
    case "error":
      return c.failure;
    case "boolean":
      return checkboxFailure(WHAT);
    case "number":
    case "text":
      break;
  }
  const raw = c.kind === "number" ? String(c.value) : c.text;
  const ctx: Context = {
    format: opts.format ?? "auto",
    tab: opts.monthTab === undefined ? null : parseMonthTab(opts.monthTab),
    tabTitle: opts.monthTab,
    today: opts.today,
    raw,
  };
  if (c.kind === "number") {
    return Number.isFinite(c.value) ? fromNumber(c.value, ctx) : nonFiniteFailure(c.value, WHAT);
  }
  return fromText(c.text, ctx);
}

function fromNumber(n: number, ctx: Context): DateResult {
  if (Number.isInteger(n) && n >= 1 && n <= 31) return dayInTab(n, ctx);
  if (n < 0) return fail("out_of_range", `${quote(ctx.raw)} is not a date`);
  const ymd = serialToYmd(n);
  const problem = checkDate(ymd.year, ymd.month, ymd.day);
  if (problem) {
    const iso = toIsoDate(ymd.year, ymd.month, ymd.day);
    return fail(
      "out_of_range",
      `${quote(ctx.raw)} is not a date in 1990–2100 (as a spreadsheet date number it would be ${iso})`,
    );
  }
  return success(toIsoDate(ymd.year, ymd.month, ymd.day));
}

function fromText(text: string, ctx: Context): DateResult {
  const s = text
    .toLowerCase()
    .replace(TIME_SUFFIX, "")
    .replace(LEADING_WEEKDAY, "")
    .replace(TRAILING_WEEKDAY, "")
    .replace(/(\d)(?:st|nd|rd|th)\b/g, "$1")
    .replace(/[.,]$/, "")
    .trim();
  let m: RegExpExecArray | null;

  if (SERIAL_TEXT.test(s)) return fromNumber(Number(s), ctx);
  if (DAY_ONLY.test(s)) return dayInTab(Number(s), ctx);
  if ((m = COMPACT.exec(s)) || (m = ISO.exec(s))) return finish(Number(m[1]), Number(m[2]), Number(m[3]), ctx);
  if ((m = YEAR_MONTH.exec(s))) return finish(Number(m[1]), Number(m[2]), 1, ctx);
  if ((m = NUMERIC.exec(s))) return numeric(Number(m[1]), Number(m[3]), m[4], ctx);
  if ((m = NUMERIC_NO_YEAR.exec(s))) return numeric(Number(m[1]), Number(m[2]), undefined, ctx);
  if ((m = MONTH_YEAR.exec(s))) {
    const month = monthFromWord(m[1] ?? "");
    if (month !== null) return finish(year(m[2] ?? m[3]), month, 1, ctx);
  }
  if ((m = DAY_MONTH.exec(s))) {
    const month = monthFromWord(m[2] ?? "");
    if (month !== null) return withYear(m[3], month, Number(m[1]), ctx);
  }
  if ((m = MONTH_DAY.exec(s))) {
    const month = monthFromWord(m[1] ?? "");
    if (month !== null) return withYear(m[3], month, Number(m[2]), ctx);
  }
  return fail("invalid_format", `${quote(ctx.raw)} is not a date`);
}

function year(digits: string | undefined): number {
  const n = Number(digits);
  return digits !== undefined && digits.length === 2 ? 2000 + n : n;
}

/** All-numeric a/b/year: decide which of a and b is the month. */
function numeric(a: number, b: number, yearDigits: string | undefined, ctx: Context): DateResult {
  const { format } = ctx;
  if (format === "YYYY-MM-DD") {
    return fail("invalid_format", `${quote(ctx.raw)} does not match the column's date format YYYY-MM-DD`);
  }
  if (format === "MM/DD/YYYY" && a > 12 && b <= 12) return orderHint(a, "MM/DD/YYYY", "DD/MM/YYYY", "day", ctx);
  if (format === "DD/MM/YYYY" && b > 12 && a <= 12) return orderHint(b, "DD/MM/YYYY", "MM/DD/YYYY", "month", ctx);

  let month = a;
  let day = b;
  let ambiguous = false;
  if (format === "DD/MM/YYYY" || (format !== "MM/DD/YYYY" && a > 12 && b <= 12)) {
    month = b;
    day = a;
  } else if (format !== "MM/DD/YYYY") {
    ambiguous = a <= 12 && b <= 12 && a !== b;
  }
  const result = withYear(yearDigits, month, day, ctx);
  return ambiguous && result.ok && !result.blank ? { ...result, ambiguous: true } : result;
}

function orderHint(value: number, set: DateFormat, other: DateFormat, first: string, ctx: Context): Failure {
  return fail(
    "invalid_date",
    `${quote(ctx.raw)} has no month ${value} in the column's date format ${set}; if this sheet writes the ${first} first, choose ${other}`,
  );
}

function withYear(yearDigits: string | undefined, month: number, day: number, ctx: Context): DateResult {
  if (yearDigits !== undefined) return finish(year(yearDigits), month, day, ctx);
  if (ctx.tab) return finish(ctx.tab.year, month, day, ctx);
  const today = typeof ctx.today === "function" ? ctx.today() : (ctx.today ?? new Date());
  return finish(nearestYear(month, day, today), month, day, ctx);
}

/** The year (this, last or next) that puts month/day closest to today. */
function nearestYear(month: number, day: number, today: Date): number {
  const now: Ymd = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
  let best = now.year;
  let bestDistance = Infinity;
  for (const candidate of [now.year - 1, now.year, now.year + 1]) {
    if (checkDate(candidate, month, day)?.code === "invalid_date") continue;
    const distance = Math.abs(dayDifference(now, { year: candidate, month, day }));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function dayInTab(day: number, ctx: Context): DateResult {
  if (ctx.tab) return finish(ctx.tab.year, ctx.tab.month, day, ctx);
  const why =
    ctx.tabTitle === undefined
      ? "there is no month tab to say which month"
      : `the tab name ${quote(ctx.tabTitle)} does not say which month`;
  return fail("missing_context", `${quote(ctx.raw)} is only a day of the month, and ${why}`);
}

function finish(y: number, month: number, day: number, ctx: Context): DateResult {
  const problem = checkDate(y, month, day);
  if (problem?.code === "invalid_date") {
    return fail("invalid_date", `${quote(ctx.raw)} is not a real date: ${problem.reason}`);
  }
  if (problem) return fail("out_of_range", `${quote(ctx.raw)} is not accepted: ${problem.reason}`);
  return success(toIsoDate(y, month, day));
}

