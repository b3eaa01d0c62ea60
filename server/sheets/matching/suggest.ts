/**
 * Suggests which target field each sheet column feeds.
 *
 * Order of evidence: a mapping remembered from last time, then the header's
 * words (exact label, synonym, fuzzy), then the values in the sample rows.
 * Values also temper header matches: a "Date" column full of amounts is less
 * likely to be the date.
 */
import { normaliseSpaces } from "../transform/cell.ts";
import type { Cell } from "../transform/result.ts";
import { assignFields } from "./assign.ts";
import { getField, isFieldKey, TARGET_FIELDS, type FieldKey } from "./fields.ts";
import { scoreHeader, type Candidate, type MatchReason } from "./header-score.ts";
import { normaliseHeader } from "./normalise.ts";
import { inferValueShape, shapeCandidates, shapeCompatibility } from "./value-shape.ts";

export interface ColumnSuggestion {
  columnIndex: number;
  /** The header as shown in the sheet (trimmed), or "Column N" (1-based) when blank. */
  header: string;
  /** Unique per sheet: repeated headers get " (2)", " (3)"…; use it as the key of remembered mappings. */
  key: string;
  field: FieldKey | null;
  /** 0..1; 0 when nothing matched. */
  confidence: number;
  reason: MatchReason;
  /** Other plausible fields, best first (including one lost to a better column). */
  alternatives: { field: FieldKey; confidence: number }[];
}

export interface MappingSuggestions {
  columns: ColumnSuggestion[];
  /** Required fields (the date) that no column feeds. */
  unmatchedRequired: FieldKey[];
  /** Columns that feed no field. */
  ignoredColumns: number[];
}

export interface SuggestOptions {
  /**
   * Header (or column key) → field remembered from a previous import of this sheet.
   * `null` or `""` means the user chose to ignore that column.
   */
  previous?: Readonly<Record<string, string | null>>;
}

/** Lowest confidence that is suggested as the mapping rather than only as an alternative. */
export const MIN_CONFIDENCE = 0.35;
const MIN_ALTERNATIVE = 0.15;
const MAX_ALTERNATIVES = 3;
const GENERIC_WORDS = new Set(["name", "names", "who", "staff", "person", "team", "member", "column"]);

interface Column {
  columnIndex: number;
  header: string;
  key: string;
  candidates: Candidate[];
  ignored: boolean;
}

export function suggestMappings(
  headers: readonly string[],
  sampleRows: readonly (readonly Cell[])[],
  opts: SuggestOptions = {},
): MappingSuggestions {
  const width = Math.max(headers.length, ...sampleRows.map((r) => r.length));
  const seen = new Map<string, number>();
  const remembered = rememberedLookup(opts.previous ?? {});

  const columns: Column[] = [];
  for (let i = 0; i < width; i++) {
    const rawHeader = normaliseSpaces(headers[i] ?? "");
    const blank = rawHeader === "";
    const header = blank ? `Column ${i + 1}` : rawHeader;
    const occurrence = (seen.get(header.toLowerCase()) ?? 0) + 1;
    seen.set(header.toLowerCase(), occurrence);
    const key = occurrence === 1 ? header : `${header} (${occurrence})`;

    const samples = sampleRows.map((r) => r[i]);
    const memory = remembered(key, blank ? null : header);
    const candidates = blank ? blankCandidates(samples) : headerCandidates(header, samples);
    if (memory !== undefined && memory !== null) {
      candidates.unshift({ field: memory, confidence: 1, reason: "remembered" });
    }
    columns.push({ columnIndex: i, header, key, candidates: dedupe(candidates), ignored: memory === null });
  }

  const assigned = assignFields(columns, MIN_CONFIDENCE);
  const suggestions = columns.map((col): ColumnSuggestion => {
    const chosen = assigned.get(col.columnIndex) ?? null;
    const alternatives = col.candidates
      .filter((c) => c.field !== chosen?.field && c.confidence >= MIN_ALTERNATIVE)
      .slice(0, MAX_ALTERNATIVES)
      .map((c) => ({ field: c.field, confidence: round(c.confidence) }));
    if (col.ignored) {
      return { ...base(col), field: null, confidence: 1, reason: "remembered", alternatives };
    }
    return {
      ...base(col),
      field: chosen?.field ?? null,
      confidence: chosen ? round(chosen.confidence) : 0,
      reason: chosen?.reason ?? "none",
      alternatives,
    };
  });

  const used = new Set(suggestions.map((s) => s.field));
  return {
    columns: suggestions,
    unmatchedRequired: TARGET_FIELDS.filter((f) => f.required && !used.has(f.key)).map((f) => f.key),
    ignoredColumns: suggestions.filter((s) => s.field === null).map((s) => s.columnIndex),
  };
}

function base(col: Column) {
  return { columnIndex: col.columnIndex, header: col.header, key: col.key };
}

function headerCandidates(header: string, samples: readonly Cell[]): Candidate[] {
  const normalised = normaliseHeader(header);
  const scored = scoreHeader(normalised);
  if (scored.blocked) return [];
  const shape = inferValueShape(samples);
  const fromHeader = scored.candidates.map((c) => ({
    ...c,
    confidence: c.confidence * shapeCompatibility(getField(c.field).kind, shape),
  }));
  const generic = scored.canon.tokens.every((t) => GENERIC_WORDS.has(t));
  return [...fromHeader, ...shapeCandidates(shape, normalised.tokens, generic)];
}

function blankCandidates(samples: readonly Cell[]): Candidate[] {
  return shapeCandidates(inferValueShape(samples), [], true);
}

/** Keep the best candidate per field, best first. */
function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map<FieldKey, Candidate>();
  for (const c of candidates) {
    const prev = best.get(c.field);
    if (!prev || c.confidence > prev.confidence) best.set(c.field, c);
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence);
}

/**
 * Finds a remembered mapping by column key, then by header, then by normalised
 * header ("Gross Prod." finds "gross prod"). Returns a field, null (ignored) or
 * undefined (nothing remembered, or a field that no longer exists).
 */
function rememberedLookup(previous: Readonly<Record<string, string | null>>) {
  const byNormalised = new Map<string, string | null>();
  for (const [k, v] of Object.entries(previous)) {
    const text = normaliseHeader(k).text;
    if (text !== "" && !byNormalised.has(text)) byNormalised.set(text, v);
  }
  const resolve = (value: string | null | undefined): FieldKey | null | undefined => {
    if (value === undefined) return undefined;
    if (value === null || value === "") return null;
    return isFieldKey(value) ? value : undefined;
  };
  return (key: string, header: string | null): FieldKey | null | undefined => {
    if (Object.hasOwn(previous, key)) return resolve(previous[key]);
    if (header === null) return undefined;
    if (Object.hasOwn(previous, header)) return resolve(previous[header]);
    return resolve(byNormalised.get(normaliseHeader(header).text));
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
