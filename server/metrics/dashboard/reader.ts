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

/**
 * A row as the SQL returns it, compactly: indexes into the piece list, the clinic list and
 * MEASURE_KEYS instead of strings. `MeasureRow` is one measure of one clinic (or of the one
 * provider) for one piece; `GrossRow` is one provider's gross production for one piece.
 */
type MeasureRow = [piece: number, clinic: number, measure: number, value: number];
type GrossRow = [piece: number, clinic: number, providerId: string, value: number];

const MEASURE_ARRAY = `ARRAY[${MEASURE_KEYS.map((k) => `'${k}'`).join(", ")}]::text[]`;
const IS_STOCK: readonly boolean[] = MEASURE_KEYS.map((k) => BASE_MEASURES[k].kind === "stock");

/** Postgres returns json as text; PGlite's wire server may hand it over as bytes. */
const jsonText = (v: Uint8Array | string | null | undefined) => (v == null ? "[]" : typeof v === "string" ? v : new TextDecoder().decode(v));

/**
 * Reads every distinct piece once — each clinic's (or the provider's) rows of that level, and
 * each provider's gross production — as two compact JSON values (one value instead of hundreds of
 * rows: far less work for the driver and Prisma), and assembles the targets here: flows add up
 * over pieces and clinics; a stock takes, per clinic, its latest piece with a value; the provider
 * count is the providers whose gross production over the target's pieces is above 0.
 *
 * The SQL does no grouping: each scan is an index range on the natural key's leading columns
 * (clinic, grain, period start, provider), so it reads only the rows it returns.
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
  // The level being read (whole clinics, or the one provider), and whose gross production counts.
  const levelFilter = provider === null ? "a.provider_id IS NULL" : `a.provider_id = ${providerParam}`;
  const grossFilter = provider === null ? "a.provider_id IS NOT NULL" : `a.provider_id = ${providerParam}`;
  const scan = (columns: string, filter: string) => `(SELECT json_agg(json_build_array((p.i - 1)::int, array_position($1::text[], a.clinic_id) - 1, ${columns}, a.value::float8))::text
        FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS p(grain, start, i)
        JOIN metric_aggregations a ON a.aggregation_type = p.grain AND a.period_start = p.start
       WHERE a.clinic_id = ANY($1::text[]) AND ${filter})`;

  let lastDataSql = "NULL::text";
  if (input.lastData) {
    params.push(input.lastData.from, input.lastData.to);
    const f = `$${params.length - 1}::date`;
    const t = `$${params.length}::date`;
    lastDataSql = `(SELECT to_char(MAX(last.day), 'YYYY-MM-DD')
        FROM unnest($1::text[]) AS c(id)
        CROSS JOIN LATERAL (
          SELECT a.period_start AS day FROM metric_aggregations a
           WHERE a.clinic_id = c.id AND a.aggregation_type = 'day' AND a.period_start BETWEEN ${f} AND ${t} AND ${levelFilter}
           ORDER BY a.period_start DESC LIMIT 1) last)`;
  }

  // Values are read as float8: exact for whole cents far beyond any clinic's totals, and much
  // cheaper than numeric (PGlite especially).
  const sql = `SELECT ${scan(`array_position(${MEASURE_ARRAY}, a.metric_key) - 1`, levelFilter)} AS measures,
    ${scan("a.provider_id", `${grossFilter} AND a.metric_key = 'gross_production'`)} AS gross,
    ${lastDataSql} AS last_day`;

  type Answer = { measures: Uint8Array | string | null; gross: Uint8Array | string | null; last_day: string | null };
  const [result] = await tx.$queryRawUnsafe<Answer[]>(sql, ...params);
  const measureRows = JSON.parse(jsonText(result?.measures)) as MeasureRow[];
  const grossRows = JSON.parse(jsonText(result?.gross)) as GrossRow[];

  // Index the rows by piece, then walk each target's pieces.
  interface PieceData {
    flows: { clinic: number; key: MeasureKey; value: number }[];
    stocks: { clinic: number; key: MeasureKey; value: number }[];
    gross: { clinic: number; providerId: string; value: number }[];
  }
  const byPiece: PieceData[] = pieces.map(() => ({ flows: [], stocks: [], gross: [] }));
  for (const [piece, clinic, measure, value] of measureRows) {
    const d = byPiece[piece];
    const key = MEASURE_KEYS[measure];
    if (!d || !key) continue; // a metric_key this version does not know (array_position gave null)
    (IS_STOCK[measure] ? d.stocks : d.flows).push({ clinic, key, value });
  }
  for (const [piece, clinic, providerId, value] of grossRows) byPiece[piece]?.gross.push({ clinic, providerId, value });

  input.targets.forEach((t, i) => {
    const out = targets[i]!;
    const byClinic = (clinic: number) => {
      const id = clinicIds[clinic] ?? "";
      let sums = out.byClinic.get(id);
      if (!sums) out.byClinic.set(id, (sums = {}));
      return sums;
    };
    const latestStock = new Map<string, { end: string; clinic: number; key: MeasureKey; value: number }>();
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
