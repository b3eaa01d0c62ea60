/**
 * Gives each field to at most one column and each column at most one field:
 * candidates are taken best-first (confidence, then how the match was found,
 * then the leftmost column), skipping any whose column or field is taken.
 * A column that loses its best field may still take its next candidate.
 */
import type { FieldKey } from "./fields.ts";
import type { Candidate } from "./header-score.ts";

const REASON_RANK: Record<Candidate["reason"], number> = {
  remembered: 0,
  exact: 1,
  synonym: 2,
  fuzzy: 3,
  "value-shape": 4,
};

export interface ColumnCandidates {
  columnIndex: number;
  candidates: readonly Candidate[];
  /** The user chose to ignore this column last time: it takes nothing. */
  ignored?: boolean;
}

export function assignFields(
  columns: readonly ColumnCandidates[],
  minConfidence: number,
): Map<number, Candidate | null> {
  const ranked = columns
    .filter((c) => !c.ignored)
    .flatMap((c) => c.candidates.map((candidate) => ({ columnIndex: c.columnIndex, candidate })))
    .filter(({ candidate }) => candidate.confidence >= minConfidence)
    .sort(
      (a, b) =>
        b.candidate.confidence - a.candidate.confidence ||
        REASON_RANK[a.candidate.reason] - REASON_RANK[b.candidate.reason] ||
        a.columnIndex - b.columnIndex,
    );

  const result = new Map<number, Candidate | null>(columns.map((c) => [c.columnIndex, null]));
  const takenFields = new Set<FieldKey>();
  const doneColumns = new Set<number>();
  for (const { columnIndex, candidate } of ranked) {
    if (doneColumns.has(columnIndex) || takenFields.has(candidate.field)) continue;
    result.set(columnIndex, candidate);
    doneColumns.add(columnIndex);
    takenFields.add(candidate.field);
  }
  return result;
}
