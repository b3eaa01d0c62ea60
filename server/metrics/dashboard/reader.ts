/**
 * The one SQL reader behind every dashboard number. It reads ONLY metric_aggregations (never raw
 * metric rows) and answers several date ranges ("targets") in one statement:
 *
 * - each target is a list of whole periods (RangePiece: year/quarter/month/week/day rows) that
 *   tile its range exactly; a piece shared by several targets is fetched once;
 * - per target it returns the combined measure sums (flows summed; a stock takes each clinic's
 *   latest piece, then those are added across clinics), optionally the same per clinic, the number
 *   of distinct providers with gross production > 0 (the divisor of production_per_provider), and
 *   the last day with data.
 *
 * Clinic-level rows (provider_id NULL) are used unless `providerId` is given; then that provider's
 * rows are used (measures without a provider breakdown — calls, patients — have none, so they come
 * back missing rather than as zeros).
 */
import { BASE_MEASURES, MEASURE_KEYS, type MeasureKey } from "../base-measures.ts";
import type { MeasureSums } from "../kpi-compute.ts";
import { type IsoDate, addDays, compareDates } from "../iso-date.ts";
import { isPeriodStart, periodEnd } from "../period-grains.ts";
import { type RangePiece, planRangeQuery } from "../range-plan.ts";
import type { SqlClient } from "../aggregation/sql-client.ts";

export interface ReadTarget {
  pieces: readonly RangePiece[];
  /**
   * For a chart's buckets, in order: the index of the previous bucket's target. A stock (active
   * patients) that this bucket has for some clinics but not for others takes, for the others, their
   * latest value from the earlier buckets, so that a roll-up of several clinics does not dip on a
   * day one of them is closed. A bucket where no clinic has the stock stays empty.
   */
  carryStocksFrom?: number;
}

export interface TargetResult {
  /** Measures with data in the target, summed over the clinics. Missing key = no data. */
  sums: MeasureSums;
  /** Per clinic (only when `perClinic` was asked for). */
  byClinic: Map<string, MeasureSums>;
  /** Distinct providers with gross production > 0 in the target. */
  providerCount: number;
  providerCountByClinic: Map<string, number>;
}

export interface ReadResult {
  targets: TargetResult[];
  /** Last day with any data in [lastData.from, lastData.to], when asked for. */
  lastDataDate: IsoDate | null;
}

export interface ReadInput {
  clinicIds: readonly string[];
  providerId?: string | null;
  targets: readonly ReadTarget[];
  perClinic?: boolean;
  /** Also find the last day with data inside this range. */
  lastData?: { from: IsoDate; to: IsoDate };
}

/**
 * Like planRangeQuery, but a run of seven day pieces that is a whole ISO week becomes one week
 * row (the edges of a range are partial months, answered by days otherwise): fewer rows to read.
 */
export function planPieces(from: IsoDate, to: IsoDate): RangePiece[] {
  const out: RangePiece[] = [];
  const plan = planRangeQuery(from, to);
  for (let i = 0; i < plan.length; i++) {
    const piece = plan[i]!;
    if (piece.grain === "day" && isPeriodStart(piece.periodStart, "week")) {
      const weekEnd = periodEnd(piece.periodStart, "week");
      const last = plan[i + 6];
      if (last && last.grain === "day" && last.periodStart === weekEnd) {
        out.push({ grain: "week", periodStart: piece.periodStart, periodEnd: weekEnd });
        i += 6;
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}

/** Pieces for a bucket of a chart: the whole period row when the bucket is a whole period. */
export function bucketPieces(grain: "day" | "week" | "month", start: IsoDate, end: IsoDate): RangePiece[] {
  if (isPeriodStart(start, grain) && periodEnd(start, grain) === end) return [{ grain, periodStart: start, periodEnd: end }];
  return planPieces(start, end);
}

/** The buckets of `grain` that tile [from, to], clipped to the range at both ends. */
export function buckets(grain: "day" | "week" | "month", from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate }[] {
  const out: { from: IsoDate; to: IsoDate }[] = [];
  let cursor = from;
  while (compareDates(cursor, to) <= 0) {
    const end = periodEnd(cursor, grain);
    const clipped = compareDates(end, to) <= 0 ? end : to;
    out.push({ from: cursor, to: clipped });
    cursor = addDays(clipped, 1);
  }
  return out;
}

const STOCK = MEASURE_KEYS.map((k) => BASE_MEASURES[k].kind === "stock");
const GROSS = MEASURE_KEYS.indexOf("gross_production");

/** Separates the rows in the text the SQL returns: chr(30), the ASCII "record separator". */
const RECORD_SEPARATOR = "\x1e";

interface PieceData {
  flows: { clinic: number; key: MeasureKey; value: number }[];
  stocks: { clinic: number; key: MeasureKey; value: number }[];
  gross: { clinic: number; providerId: string; value: number }[];
}

/**
 * Reads every distinct piece's rows once — the level's rows (whole clinics, or the one provider)
 * plus, at clinic level, every provider's gross production — and does the adding up here:
 * flows add up their pieces (and clinics); a stock takes, per clinic, its latest piece with a
 * value; the provider count is the providers whose gross production over the target's pieces is
 * above 0.
 *
 * The rows come back as ONE text value (string_agg), not as rows or JSON: that is what costs the
 * database, the driver and Prisma least. Measured on a one-clinic summary (16 pieces, then 352
 * one-measure rows), the statement took 1.3 ms this way against 2.0 ms as json_agg and 5.0 ms when
 * the sums were grouped in SQL (CTE, GROUP BY, UNION). With one row per clinic or provider and
 * period (decision 0008) the same summary reads 96 rows.
 */
export async function readAggregations(tx: SqlClient, input: ReadInput): Promise<ReadResult> {
  const targets: TargetResult[] = input.targets.map(() => ({
    sums: {},
    byClinic: new Map(),
    providerCount: 0,
    providerCountByClinic: new Map(),
  }));
  const clinicIds = [...new Set(input.clinicIds)];
  const pieceKey = (grain: string, start: string) => `${grain}|${start}`;
  const pieceIndex = new Map<string, number>();
  const pieces: RangePiece[] = [];
  for (const t of input.targets) {
    for (const p of t.pieces) {
      const k = pieceKey(p.grain, p.periodStart);
      if (!pieceIndex.has(k)) {
        pieceIndex.set(k, pieces.length);
        pieces.push(p);
      }
    }
  }
  if (clinicIds.length === 0 || (pieces.length === 0 && !input.lastData)) return { targets, lastDataDate: null };

  const provider = input.providerId ?? null;
  const params: unknown[] = [clinicIds, pieces.map((p) => p.grain), pieces.map((p) => p.periodStart)];
  let providerParam = "";
  if (provider !== null) {
    params.push(provider);
    providerParam = `$${params.length}::text`;
  }
  // The level's rows (the clinics', or the one provider's) plus, at clinic level, each provider's row
  // of the same clinic and period, of which only gross production is sent.
  const rowFilter = provider === null ? "TRUE" : `a.provider_id = ${providerParam}`;
  const levelRow = provider === null ? "a.provider_id IS NULL" : "TRUE";

  let lastDataSql = "NULL::text";
  if (input.lastData) {
    params.push(input.lastData.from, input.lastData.to);
    const f = `$${params.length - 1}::date`;
    const t = `$${params.length}::date`;
    lastDataSql = `(SELECT to_char(MAX(last.day), 'YYYY-MM-DD')
        FROM unnest($1::text[]) AS c(id)
        CROSS JOIN LATERAL (
          SELECT a.period_start AS day FROM metric_aggregations a
           WHERE a.clinic_id = c.id AND a.aggregation_type = 'day' AND a.period_start BETWEEN ${f} AND ${t}
             ${provider === null ? "AND a.provider_id IS NULL" : `AND a.provider_id = ${providerParam}`}
           ORDER BY a.period_start DESC LIMIT 1) last)`;
  }

  // One row per metric_aggregations row, rows joined by RECORD_SEPARATOR: a level row is
  // "piece,clinic,v1,…,v17" (indexes into the piece and clinic lists, then every measure in
  // MEASURE_KEYS order, empty when NULL); a provider row is "piece,clinic,gross,"provider"" with the
  // provider id JSON-quoted and last. Numbers hold no comma or quote, and JSON quoting escapes every
  // control character, so no field can hold the separator.
  const sql = `
    SELECT (SELECT string_agg(CASE WHEN ${levelRow}
                                   THEN concat_ws(',', p.i - 1, array_position($1::text[], a.clinic_id) - 1, ${LEVEL_VALUES})
                                   ELSE concat_ws(',', p.i - 1, array_position($1::text[], a.clinic_id) - 1,
                                                  COALESCE(a.gross_production::text, ''), to_json(a.provider_id)::text) END, chr(30))
              FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS p(grain, start, i)
              JOIN metric_aggregations a ON a.aggregation_type = p.grain AND a.period_start = p.start
             WHERE a.clinic_id = ANY($1::text[]) AND ${rowFilter}) AS rows,
           ${lastDataSql} AS last_day`;

  const [result] = await tx.$queryRawUnsafe<{ rows: string | null; last_day: string | null }[]>(sql, ...params);
  const byPiece = parseRows(result?.rows ?? null, pieces.length, provider);

  type StockValue = { end: string; clinic: number; key: MeasureKey; value: number };
  /** Per target: each clinic's latest known stock values up to its end (for carryStocksFrom). */
  const knownStocks: Map<string, StockValue>[] = [];
  input.targets.forEach((t, i) => {
    const out = targets[i]!;
    const byClinic = (clinic: number) => {
      const id = clinicIds[clinic] ?? "";
      let sums = out.byClinic.get(id);
      if (!sums) out.byClinic.set(id, (sums = {}));
      return sums;
    };
    const latestStock = new Map<string, StockValue>();
    const providerGross = new Map<string, { clinic: number; total: number }>();
    for (const p of t.pieces) {
      const idx = pieceIndex.get(pieceKey(p.grain, p.periodStart));
      const d = idx === undefined ? undefined : byPiece[idx];
      if (!d) continue;
      for (const f of d.flows) {
        out.sums[f.key] = (out.sums[f.key] ?? 0) + f.value;
        if (input.perClinic) {
          const sums = byClinic(f.clinic);
          sums[f.key] = (sums[f.key] ?? 0) + f.value;
        }
      }
      for (const s of d.stocks) {
        const k = `${s.clinic}|${s.key}`;
        const prev = latestStock.get(k);
        if (!prev || prev.end < p.periodEnd) latestStock.set(k, { end: p.periodEnd, clinic: s.clinic, key: s.key, value: s.value });
      }
      for (const g of d.gross) {
        const acc = providerGross.get(g.providerId) ?? { clinic: g.clinic, total: 0 };
        acc.total += g.value;
        providerGross.set(g.providerId, acc);
      }
    }
    if (t.carryStocksFrom !== undefined) {
      if (!(t.carryStocksFrom >= 0 && t.carryStocksFrom < i)) throw new RangeError("carryStocksFrom must name an earlier target");
      const earlier = knownStocks[t.carryStocksFrom]!;
      const present = new Set([...latestStock.values()].map((s) => s.key));
      const known = new Map(earlier);
      for (const [k, s] of earlier) if (present.has(s.key) && !latestStock.has(k)) latestStock.set(k, s);
      for (const [k, s] of latestStock) known.set(k, s);
      knownStocks[i] = known;
    } else {
      knownStocks[i] = latestStock;
    }
    for (const { clinic, key, value } of latestStock.values()) {
      out.sums[key] = (out.sums[key] ?? 0) + value;
      if (input.perClinic) {
        const sums = byClinic(clinic);
        sums[key] = (sums[key] ?? 0) + value;
      }
    }
    for (const { clinic, total } of providerGross.values()) {
      if (total <= 0) continue;
      out.providerCount++;
      if (input.perClinic) {
        const id = clinicIds[clinic] ?? "";
        out.providerCountByClinic.set(id, (out.providerCountByClinic.get(id) ?? 0) + 1);
      }
    }
  });
  return { targets, lastDataDate: result?.last_day ?? null };
}

/** Every measure's value as text, in MEASURE_KEYS order (empty when NULL). */
const LEVEL_VALUES = MEASURE_KEYS.map((m) => `COALESCE(a."${m}"::text, '')`).join(", ");

/**
 * Splits the reader's text into measures per piece. At clinic level, provider rows carry that
 * provider's gross production (only the provider count uses them); reading one provider, every
 * row is that provider's and its gross production counts for the provider count as well.
 */
function parseRows(text: string | null, pieceCount: number, oneProvider: string | null): PieceData[] {
  const byPiece: PieceData[] = Array.from({ length: pieceCount }, () => ({ flows: [], stocks: [], gross: [] }));
  if (!text) return byPiece;
  for (const row of text.split(RECORD_SEPARATOR)) {
    const fields = row.endsWith('"') ? null : row.split(",");
    if (fields === null) {
      // A provider row: piece, clinic, gross, then the JSON-quoted provider id (which may hold commas).
      const c1 = row.indexOf(",");
      const c2 = row.indexOf(",", c1 + 1);
      const c3 = row.indexOf(",", c2 + 1);
      const d = byPiece[Number(row.slice(0, c1))];
      const gross = row.slice(c2 + 1, c3);
      if (d && gross !== "") d.gross.push({ clinic: Number(row.slice(c1 + 1, c2)), providerId: JSON.parse(row.slice(c3 + 1)) as string, value: Number(gross) });
      continue;
    }
    const d = byPiece[Number(fields[0])];
    if (!d) continue;
    const clinic = Number(fields[1]);
    for (let m = 0; m < MEASURE_KEYS.length; m++) {
      const field = fields[m + 2];
      if (field === undefined || field === "") continue;
      const value = Number(field);
      const key = MEASURE_KEYS[m]!;
      (STOCK[m] ? d.stocks : d.flows).push({ clinic, key, value });
      if (oneProvider !== null && m === GROSS) d.gross.push({ clinic, providerId: oneProvider, value });
    }
  }
  return byPiece;
}
