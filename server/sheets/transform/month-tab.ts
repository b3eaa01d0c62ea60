/**
 * Month tabs ("Jan-24", "January 2024", "2024-01", …) and tab-title patterns.
 *
 * Decisions:
 *  - A two-digit year is 20xx; years must be 1990–2100.
 *  - Extra words around the month are fine ("Copy of Jan-24", "Jan 2024 (Main)"),
 *    but a title naming two months ("Jan-Feb 2024", "Jan 24 - Feb 24") is not a month tab.
 *  - Numeric forms must have a 4-digit year ("2024-01", "01/2024"); "01-24" is too ambiguous.
 *  - Patterns: "monthly" = any month tab; "/…/flags" = a regular expression (flags
 *    as written, so add `i` for case-insensitive); anything else is a glob where `*`
 *    matches any text and `?` one character, compared case-insensitively with the whole title.
 */
import { LRUCache } from "lru-cache";
import { normaliseSpaces } from "./cell.ts";
import { MAX_YEAR, MIN_YEAR, MONTH_WORD_PATTERN, monthFromWord } from "./calendar.ts";

export interface MonthTab {
  year: number;
  month: number;
}

const NAMED = new RegExp(
  `(?<![a-z0-9])(${MONTH_WORD_PATTERN})\\.?[\\s\\-_/.,]*'?(\\d{4}|\\d{2})(?!\\d)(?!\\s*[-–/]\\s*\\d)`,
  "g",
);
const YEAR_NAMED = new RegExp(`(?<!\\d)(\\d{4})[\\s\\-_/.]*(${MONTH_WORD_PATTERN})(?![a-z])`, "g");
const YEAR_MONTH = /(?<![\d/.-])(\d{4})[-_/.](\d{1,2})(?![\d/.-])/g;
const MONTH_YEAR = /(?<![\d/.-])(\d{1,2})[-_/.](\d{4})(?![\d/.-])/g;
const ANY_MONTH_WORD = new RegExp(`(?<![a-z])(?:${MONTH_WORD_PATTERN})(?![a-z])`, "g");

/** Titles already read: a sync asks once per date cell, and a workbook has a few dozen tabs. */
const parsedTitles = new LRUCache<string, { tab: MonthTab | null }>({ max: 1_000 });

export function parseMonthTab(title: string): MonthTab | null {
  const known = parsedTitles.get(title);
  if (known) return known.tab;
  const parsed = parseTitle(title);
  if (parsed) Object.freeze(parsed); // shared between callers
  parsedTitles.set(title, { tab: parsed });
  return parsed;
}

function parseTitle(title: string): MonthTab | null {
  const text = normaliseSpaces(title.normalize("NFKC")).toLowerCase();
  const found: MonthTab[] = [];
  for (const m of text.matchAll(NAMED)) push(found, fullYear(m[2]), monthFromWord(m[1] ?? ""));
  for (const m of text.matchAll(YEAR_NAMED)) push(found, Number(m[1]), monthFromWord(m[2] ?? ""));
  for (const m of text.matchAll(YEAR_MONTH)) push(found, Number(m[1]), Number(m[2]));
  for (const m of text.matchAll(MONTH_YEAR)) push(found, Number(m[2]), Number(m[1]));

  const distinct = new Set(found.map((t) => `${t.year}-${t.month}`));
  const monthWords = text.match(ANY_MONTH_WORD)?.length ?? 0;
  if (distinct.size !== 1 || monthWords > 1) return null;
  return found[0] ?? null;
}

function fullYear(digits: string | undefined): number {
  const n = Number(digits);
  return digits !== undefined && digits.length === 2 ? 2000 + n : n;
}

function push(found: MonthTab[], year: number, month: number | null): void {
  if (month === null || month < 1 || month > 12) return;
  if (year < MIN_YEAR || year > MAX_YEAR) return;
  found.push({ year, month });
}

const MAX_PATTERN_LENGTH = 200;

type CompiledPattern = { kind: "monthly" } | { kind: "regex"; regex: RegExp };

function compile(pattern: string): CompiledPattern | string {
  const p = pattern.trim();
  if (p === "") return "The pattern is empty";
  if (p.length > MAX_PATTERN_LENGTH) return `The pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (p.toLowerCase() === "monthly") return { kind: "monthly" };
  const literal = /^\/(.+)\/([a-z]*)$/.exec(p);
  if (literal) {
    // `g` and `y` make RegExp.test stateful, so they are dropped.
    const flags = (literal[2] ?? "").replace(/[gy]/g, "");
    try {
      return { kind: "regex", regex: new RegExp(literal[1] ?? "", flags) };
    } catch {
      return `“${p}” is not a valid regular expression`;
    }
  }
  const glob = normaliseSpaces(p)
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return { kind: "regex", regex: new RegExp(`^${glob}$`, "i") };
}

/** A plain-English problem with a tab pattern, or null when it is usable. */
export function tabPatternProblem(pattern: string): string | null {
  const compiled = compile(pattern);
  return typeof compiled === "string" ? compiled : null;
}

/**
 * Does a tab title match a user pattern: 'monthly', a glob like `Jan-*`, or a
 * regex literal like `/^Q[1-4]/`? Invalid patterns match nothing.
 * (User regexes run only against tab titles, which Sheets limits to 100 characters.)
 */
export function matchesTabPattern(title: string, pattern: string): boolean {
  const compiled = compile(pattern);
  if (typeof compiled === "string") return false;
  if (compiled.kind === "monthly") return parseMonthTab(title) !== null;
  return compiled.regex.test(normaliseSpaces(title));
}
