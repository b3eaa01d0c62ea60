/**
 * Turns the cells of one tab into validated sheet records plus the cells that could not be used.
 * Pure: no network, no database. The engine feeds it what values.batchGet returned.
 *
 * Rules (docs/sync.md):
 *  - blank rows and rows whose first text cell starts with "total" are skipped (skipRows);
 *  - a row with no value in any mapped metric column is skipped (closed days, footnotes);
 *  - a bad or missing date, or a provider that cannot be used, rejects the whole row;
 *  - any other bad cell drops only that value; every problem becomes a rejection with the tab,
 *    the 1-based row number, the column header, the raw value and a plain-English reason;
 *  - vertically merged cells (dates merged across a day's rows) count for every row they cover.
 */
import { z } from "zod";
import type { MappingConfig } from "../sheets/mapping-config.ts";
import { getField, type FieldKey } from "../sheets/matching/fields.ts";
import { normaliseSpaces, providerKey, transformCell, type Cell, type TransformKind } from "../sheets/transform/index.ts";
import { columnIndex, columnLetter } from "./a1.ts";
import { COUNT_FIELDS, MONEY_FIELDS, isCountField, isMoneyField, type CountField, type MoneyField } from "./metric-fields.ts";

export const MAX_CENTS = 999_999_999_999; // numeric(12,2)
export const MAX_COUNT = 2_147_483_647; // integer

export interface Rejection {
  sheetName: string;
  rowNumber: number;
  columnName: string | null;
  cellValue: string | null;
  reason: string;
}

/** One usable sheet row: its date, provider and the values it carries (money in cents). */
export interface SheetRecord {
  tab: string;
  row: number;
  date: string;
  providerId: string | null;
  money: Partial<Record<MoneyField, number>>;
  counts: Partial<Record<CountField, number>>;
}

export interface Merge {
  startRowIndex?: number | null;
  endRowIndex?: number | null;
  startColumnIndex?: number | null;
  endColumnIndex?: number | null;
}

export interface TabInput {
  title: string;
  /** values.batchGet rows for the tab's range (which starts at the header row). */
  values: Cell[][];
  /** The tab's merges from spreadsheets.get (sheet-absolute, 0-based, end exclusive). */
  merges?: Merge[];
}

export interface TabResult {
  tab: string;
  records: SheetRecord[];
  rejections: Rejection[];
  /** Non-blank rows below the header. */
  rowsRead: number;
  /** Rows with at least one rejected cell (whole-row rejections included). */
  rowsRejected: number;
  /** Rows skipped on purpose: totals, rows without values, providers mapped to "skip". */
  rowsSkipped: number;
  /** Every valid date seen in the tab's rows, accepted or not: the span the tab covers. */
  dateSpan: { from: string; to: string } | null;
  /** False when the header row no longer matches the mapping: nothing of the tab was used. */
  headerMatches: boolean;
}

export interface TransformEnv {
  /** Provider ids that belong to the clinic; a mapped id outside it is treated as unlinked. */
  clinicProviderIds: ReadonlySet<string>;
  /** "Now" for dates typed without a year (see parseDate); a function is called only when needed. */
  today?: Date | (() => Date);
}

/** Which transform kinds can fill which field kind. */
const ALLOWED_TRANSFORMS: Record<"date" | "provider" | "currency" | "integer", readonly TransformKind[]> = {
  date: ["date"],
  provider: ["provider", "text"],
  currency: ["currency", "number", "integer"],
  integer: ["integer", "number"],
};

/** Mapping problems that make a sync impossible; null when the mapping is usable. */
export function mappingProblem(config: MappingConfig): string | null {
  let start: number;
  let end: number;
  try {
    start = columnIndex(config.range.startColumn);
    end = columnIndex(config.range.endColumn);
  } catch {
    return "The mapping's column range is not valid. Edit the mapping and save it again.";
  }
  if (end < start) return `The mapping reads columns ${config.range.startColumn} to ${config.range.endColumn}, which is backwards. Edit the mapping and save it again.`;
  for (const c of config.columns) {
    const field = getField(c.field);
    const allowed = ALLOWED_TRANSFORMS[field.kind];
    const name = c.header || columnLetter(start + c.index);
    if (!allowed.includes(c.transform.kind)) {
      return `Column “${name}” is mapped to ${field.label} but read as ${c.transform.kind}; choose ${allowed.join(" or ")} for it. Edit the mapping and save it again.`;
    }
    if (start + c.index > end) return `Column “${name}” is outside the columns the mapping reads (${config.range.startColumn}–${config.range.endColumn}). Edit the mapping and save it again.`;
  }
  return null;
}

/** Header comparison that ignores case, spacing and punctuation ("No Shows" = "No-Shows "). */
export function headerKey(text: string): string {
  return providerKey(normaliseSpaces(text));
}

function isBlank(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === "string") return normaliseSpaces(cell) === "";
  return false;
}

function show(cell: Cell): string | null {
  if (cell === null || cell === undefined) return null;
  return typeof cell === "string" ? cell : String(cell);
}

/** Copies each merged range's top-left value into the blank cells it covers. */
export function fillMerges(values: Cell[][], merges: Merge[] | undefined, firstRowIndex: number, firstColumnIndex: number): Cell[][] {
  if (!merges || merges.length === 0) return values;
  const rows = values.map((r) => [...r]);
  for (const m of merges) {
    const sr = (m.startRowIndex ?? 0) - firstRowIndex;
    const er = (m.endRowIndex ?? 0) - firstRowIndex;
    const sc = (m.startColumnIndex ?? 0) - firstColumnIndex;
    const ec = (m.endColumnIndex ?? 0) - firstColumnIndex;
    if (sr < 0 || sc < 0 || sr >= rows.length) continue;
    const source = rows[sr]?.[sc];
    if (isBlank(source ?? null)) continue;
    for (let r = sr; r < Math.min(er, rows.length); r++) {
      const row = rows[r]!;
      for (let c = Math.max(sc, 0); c < ec; c++) {
        if (r === sr && c === sc) continue;
        while (row.length <= c) row.push("");
        if (isBlank(row[c] ?? null)) row[c] = source ?? null;
      }
    }
  }
  return rows;
}

/** Money as text ("1234.50", "-12") or a number → integer cents, or a reason it is not one. */
export function toCents(value: string | number): number | string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "is not an amount";
    const cents = Math.round(value * 100);
    if (Math.abs(value * 100 - cents) > 1e-6 * Math.max(1, Math.abs(value))) return "has more than 2 decimal places";
    if (Math.abs(cents) > MAX_CENTS) return "is larger than the largest allowed amount, 9,999,999,999.99";
    return cents === 0 ? 0 : cents;
  }
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return "is not an amount";
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  if (cents > MAX_CENTS) return "is larger than the largest allowed amount, 9,999,999,999.99";
  return m[1] === "-" && cents !== 0 ? -cents : cents;
}

function toCount(value: string | number): number | string {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "is not a count";
  const rounded = Math.round(n);
  if (Math.abs(n - rounded) > 1e-9) return "is not a whole number, and a count cannot have a fraction";
  if (rounded < 0) return "is below zero, and a count cannot be negative";
  if (rounded > MAX_COUNT) return "is too large for a count";
  return rounded === 0 ? 0 : rounded;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The assembled row, checked once more before it is used. */
export const sheetRecordSchema = z.object({
  tab: z.string().min(1),
  row: z.number().int().min(1),
  date: z.string().regex(ISO_DATE).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a real date"),
  providerId: z.string().min(1).nullable(),
  money: z.strictObject(Object.fromEntries(MONEY_FIELDS.map((f) => [f, z.number().int().min(-MAX_CENTS).max(MAX_CENTS).optional()])) as Record<MoneyField, z.ZodOptional<z.ZodNumber>>),
  counts: z.strictObject(Object.fromEntries(COUNT_FIELDS.map((f) => [f, z.number().int().min(0).max(MAX_COUNT).optional()])) as Record<CountField, z.ZodOptional<z.ZodNumber>>),
});

function quoteText(text: string): string {
  return `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
}

/** Transforms one tab. `config` must have passed mappingProblem(). */
export function transformTab(config: MappingConfig, input: TabInput, env: TransformEnv): TabResult {
  const firstColumn = columnIndex(config.range.startColumn);
  const headerRowIndex = config.headerRow - 1;
  const values = fillMerges(input.values, input.merges, headerRowIndex, firstColumn);
  const result: TabResult = {
    tab: input.title,
    records: [],
    rejections: [],
    rowsRead: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    dateSpan: null,
    headerMatches: true,
  };
  const columnName = (c: { header: string; index: number }) => c.header || `Column ${columnLetter(firstColumn + c.index)}`;

  // The header row must still say what the mapping expects, or the columns have moved.
  const header = values[0] ?? [];
  for (const c of config.columns) {
    if (c.header.trim() === "") continue;
    const found = header[c.index];
    const foundText = typeof found === "string" ? found : found === null || found === undefined ? "" : String(found);
    if (headerKey(foundText) !== headerKey(c.header)) {
      result.headerMatches = false;
      result.rejections.push({
        sheetName: input.title,
        rowNumber: config.headerRow,
        columnName: c.header,
        cellValue: foundText === "" ? null : foundText,
        reason:
          foundText === ""
            ? `Column ${columnLetter(firstColumn + c.index)} has no header, but the mapping expects “${c.header}”. The columns may have moved, so nothing from this tab was imported; check the tab or edit the mapping.`
            : `Column ${columnLetter(firstColumn + c.index)} is now headed “${foundText}”, but the mapping expects “${c.header}”. The columns may have moved, so nothing from this tab was imported; check the tab or edit the mapping.`,
      });
    }
  }
  if (!result.headerMatches) {
    result.rowsRejected = 0;
    return result;
  }

  const dateColumn = config.columns.find((c) => c.field === "date")!;
  const providerColumn = config.columns.find((c) => c.field === "provider");
  const metricColumns = config.columns.filter((c) => c.field !== "date" && c.field !== "provider");
  let minDate: string | null = null;
  let maxDate: string | null = null;
  const context = { monthTab: input.title, ...(env.today ? { today: env.today } : {}) };
  // Dates and provider names repeat on every row of a day: parse each distinct cell once.
  const dateCache = new Map<Cell, ReturnType<typeof transformCell>>();
  const providerCache = new Map<Cell, ReturnType<typeof transformCell>>();
  const cached = (cache: Map<Cell, ReturnType<typeof transformCell>>, cell: Cell, parse: () => ReturnType<typeof transformCell>) => {
    let hit = cache.get(cell);
    if (hit === undefined) {
      hit = parse();
      if (cache.size < 10_000) cache.set(cell, hit);
    }
    return hit;
  };

  for (let i = 1; i < values.length; i++) {
    const row = values[i] ?? [];
    const rowNumber = config.headerRow + i;
    if (row.every((cell) => isBlank(cell ?? null))) continue; // blank rows are not data
    result.rowsRead++;
    if (config.skipRows.totals) {
      const firstText = row.find((cell) => typeof cell === "string" && normaliseSpaces(cell) !== "");
      if (typeof firstText === "string" && /^total\b/i.test(normaliseSpaces(firstText))) {
        result.rowsSkipped++;
        continue;
      }
    }
    if (metricColumns.every((c) => isBlank(row[c.index] ?? null))) {
      result.rowsSkipped++;
      continue;
    }

    const rejections: Rejection[] = [];
    const reject = (c: { header: string; index: number }, cell: Cell, reason: string) =>
      rejections.push({ sheetName: input.title, rowNumber, columnName: columnName(c), cellValue: show(cell), reason });

    // Date: required.
    const dateCell = row[dateColumn.index] ?? null;
    const date = cached(dateCache, dateCell, () => transformCell(dateCell, dateColumn.transform, context));
    let dateValue: string | null = null;
    if (!date.ok) reject(dateColumn, dateCell, `${date.message}, so the whole row was not imported.`);
    else if (date.blank) reject(dateColumn, dateCell, "The date is missing, so the whole row was not imported.");
    else if (typeof date.value !== "string" || !ISO_DATE.test(date.value)) reject(dateColumn, dateCell, "This is not a date, so the whole row was not imported.");
    else dateValue = date.value;
    if (dateValue !== null) {
      if (minDate === null || dateValue < minDate) minDate = dateValue;
      if (maxDate === null || dateValue > maxDate) maxDate = dateValue;
    }

    // Provider: optional column; when present, a name must be linked to one of the clinic's providers.
    let providerId: string | null = null;
    let skipRow = false;
    if (providerColumn) {
      const cell = row[providerColumn.index] ?? null;
      const parsed = cached(providerCache, cell, () => transformCell(cell, { kind: "provider" }));
      if (!parsed.ok) {
        reject(providerColumn, cell, `${parsed.message}, so the whole row was not imported.`);
      } else if (!parsed.blank) {
        const key = typeof parsed.key === "string" ? parsed.key : providerKey(String(parsed.value));
        const original = typeof parsed.original === "string" ? parsed.original : String(parsed.value);
        const mapped = Object.prototype.hasOwnProperty.call(config.providerMap, key) ? config.providerMap[key] : undefined;
        if (mapped === null) skipRow = true;
        else if (mapped === undefined || !env.clinicProviderIds.has(mapped)) {
          reject(providerColumn, cell, `Provider ${quoteText(original)} is not linked to a provider of this clinic, so the whole row was not imported. Link the name in the mapping.`);
        } else providerId = mapped;
      }
    }
    if (skipRow) {
      // The mapping says rows of this name are not imported (e.g. an "Office" line): not a problem.
      result.rowsSkipped++;
      continue;
    }

    const wholeRowRejected = rejections.length > 0;
    const money: Partial<Record<MoneyField, number>> = {};
    const counts: Partial<Record<CountField, number>> = {};
    if (!wholeRowRejected) {
      for (const c of metricColumns) {
        const cell = row[c.index] ?? null;
        const parsed = transformCell(cell, c.transform, context);
        if (!parsed.ok) {
          reject(c, cell, `${parsed.message}; this value was left out.`);
          continue;
        }
        if (parsed.blank) continue;
        const raw = parsed.value as string | number;
        const field = c.field as FieldKey;
        if (isMoneyField(field)) {
          const cents = toCents(raw);
          if (typeof cents === "string") reject(c, cell, `${quoteText(String(show(cell)))} ${cents}; this value was left out.`);
          else money[field] = cents;
        } else if (isCountField(field)) {
          const count = toCount(raw);
          if (typeof count === "string") reject(c, cell, `${quoteText(String(show(cell)))} ${count}; this value was left out.`);
          else counts[field] = count;
        }
      }
    }

    if (!wholeRowRejected) {
      const record = { tab: input.title, row: rowNumber, date: dateValue!, providerId, money, counts };
      const checked = sheetRecordSchema.safeParse(record);
      if (!checked.success) {
        rejections.push({
          sheetName: input.title,
          rowNumber,
          columnName: null,
          cellValue: null,
          reason: `The row could not be checked (${checked.error.issues[0]?.message ?? "invalid"}), so it was not imported.`,
        });
      } else if (Object.keys(money).length > 0 || Object.keys(counts).length > 0) {
        result.records.push(record);
      }
    }
    if (rejections.length > 0) {
      result.rowsRejected++;
      result.rejections.push(...rejections);
    }
  }
  result.dateSpan = minDate && maxDate ? { from: minDate, to: maxDate } : null;
  return result;
}
