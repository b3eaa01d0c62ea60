/**
 * Which pre-aggregated metric_aggregations rows answer a date range exactly.
 *
 * A dashboard range such as Mar 15, 2023 – Mar 15, 2024 is covered by
 * 17 day rows (Mar 15–31), quarters Q2–Q4 2023, months Jan–Feb 2024 and 15
 * day rows: 37 rows per clinic and measure instead of 367 day rows. Summing flows over the pieces is exact; stocks take each clinic's
 * latest piece (see combineMeasureValues).
 */
import { type IsoDate, addDays, compareDates } from "./iso-date.ts";
import { type Grain, isPeriodStart, periodEnd } from "./period-grains.ts";

export interface RangePiece {
  grain: Grain;
  /** Matches metric_aggregations.period_start for that grain. */
  periodStart: IsoDate;
  periodEnd: IsoDate;
}

/** Coarsest first. Weeks are left out: they do not nest in months. */
const PLAN_GRAINS = ["year", "quarter", "month", "day"] as const satisfies readonly Grain[];

/**
 * Minimal list of whole periods that tile [from, to] exactly, oldest first:
 * greedily takes the coarsest period (year, quarter, month, else day) that
 * starts at the cursor and ends within the range. An empty range gives [].
 *
 * The greedy choice is optimal: at any cursor the coarsest period that fits
 * can only be replaced by several finer ones covering the same days.
 */
export function planRangeQuery(from: IsoDate, to: IsoDate): RangePiece[] {
  const pieces: RangePiece[] = [];
  let cursor = from;
  while (compareDates(cursor, to) <= 0) {
    let piece: RangePiece | undefined;
    for (const grain of PLAN_GRAINS) {
      if (!isPeriodStart(cursor, grain)) continue;
      const end = periodEnd(cursor, grain);
      if (compareDates(end, to) <= 0) {
        piece = { grain, periodStart: cursor, periodEnd: end };
        break;
      }
    }
    // "day" always fits, so piece is set; the fallback keeps the types honest.
    piece ??= { grain: "day", periodStart: cursor, periodEnd: cursor };
    pieces.push(piece);
    cursor = addDays(piece.periodEnd, 1);
  }
  return pieces;
}

/**
 * The coarsest single grain whose whole periods tile [from, to] exactly
 * (e.g. Jan 1 – Jun 30 → "quarter"; Mar 1 – Apr 30 → "month"; Mon–Sun → "week";
 * anything else → "day"). Useful for picking a chart bucket size. Returns null
 * for an empty range.
 */
export function chooseGrain(from: IsoDate, to: IsoDate): Grain | null {
  if (compareDates(from, to) > 0) return null;
  for (const grain of ["year", "quarter", "month", "week"] as const) {
    if (isPeriodStart(from, grain) && periodEnd(to, grain) === to) return grain;
  }
  return "day";
}
