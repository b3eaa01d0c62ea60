/** Calendar helpers: month names, leap years, validation, spreadsheet serial numbers. */

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

export const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

const MONTH_WORDS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, i) => {
    const lower = name.toLowerCase();
    const words: [string, number][] = [[lower, i + 1], [lower.slice(0, 3), i + 1]];
    if (lower === "september") words.push(["sept", 9]);
    return words;
  }),
);

/** Alternation of every month word, longest first, for building regexes. */
export const MONTH_WORD_PATTERN = [...MONTH_WORDS.keys()].sort((a, b) => b.length - a.length).join("|");

export const WEEKDAY_PATTERN =
  "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|weds|mon|tue|wed|thu|fri|sat|sun";

/** 1–12 for "jan", "January", "SEPT", "sep." …; null otherwise. */
export function monthFromWord(word: string): number | null {
  return MONTH_WORDS.get(word.toLowerCase().replace(/\.$/, "")) ?? null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export type DateProblem = { code: "invalid_date" | "out_of_range"; reason: string };

/** Why (year, month, day) is not an acceptable date, or null when it is fine. */
export function checkDate(year: number, month: number, day: number): DateProblem | null {
  if (month < 1 || month > 12) return { code: "invalid_date", reason: `there is no month ${month}` };
  const name = MONTH_NAMES[month - 1] ?? "";
  if (day < 1) return { code: "invalid_date", reason: `${name} ${day} does not exist` };
  if (day > daysInMonth(year, month)) {
    const inYear = month === 2 && day === 29 ? ` in ${year}` : "";
    return { code: "invalid_date", reason: `${name} ${day} does not exist${inYear}` };
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { code: "out_of_range", reason: `the year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}` };
  }
  return null;
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const MS_PER_DAY = 86_400_000;
/** Google Sheets day 0: serial n is n days after 1899-12-30 (the fraction is the time of day). */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** The calendar day of a spreadsheet serial number; the time of day is dropped. */
export function serialToYmd(serial: number): Ymd {
  const date = new Date(SERIAL_EPOCH_MS + Math.floor(serial) * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Days between two calendar dates (b − a). */
export function dayDifference(a: Ymd, b: Ymd): number {
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / MS_PER_DAY;
}
