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

const STOCKS = MEASURE_KEYS.filter((k) => BASE_MEASURES[k].kind === "stock");
const STOCK_LIST = STOCKS.map((k) => `'${k}'`).join(", ") || "NULL";

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
 * One piece's numbers as the SQL returns them, compactly: indexes into the piece list, the clinic
 * list and MEASURE_KEYS instead of strings. kind 0 = flow (clinic index only with perClinic),
 * 1 = stock of one clinic, 2 = gross production of one provider (then `who` is the provider id).
 */
type PieceRow = [kind: 0 | 1 | 2, piece: number, clinic: number | null, measureOrProvider: number | string, value: number];

const MEASURE_ARRAY = `ARRAY[${MEASURE_KEYS.map((k) => `'${k}'`).join(", ")}]::text[]`;

/**
 * Reads every distinct piece once, summed per piece in SQL — flows over the clinics (or per clinic
 * with `perClinic`), stocks per clinic, gross production per provider — as one compact JSON value
 * (one value instead of hundreds of rows: far less work for the driver and Prisma), and assembles the
 * targets here: flows add up their pieces; a stock takes, per clinic, its latest piece with a
 * value; the provider count is the providers whose gross production over the target's pieces is
 * above 0.
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
  // The level being summed: whole clinics (provider_id NULL) or the one provider.
  const level = provider === null ? "provider_id IS NULL" : "TRUE";
  // Rows of that level, plus (clinic level only) provider rows of gross production.
  const rowFilter =
    provider === null ? "(a.provider_id IS NULL OR a.metric_key = 'gross_production')" : `a.provider_id = ${providerParam}`;
  const flowClinic = input.perClinic ? "c" : "NULL::int";

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

  // Values are summed as float8: exact for whole cents far beyond any clinic's totals, and much
  // cheaper than numeric (PGlite especially).
  const sql = `
    WITH r AS (
      SELECT (p.i - 1)::int AS i, array_position($1::text[], a.clinic_id) - 1 AS c,
             array_position(${MEASURE_ARRAY}, a.metric_key) - 1 AS m, a.metric_key, a.provider_id, a.value::float8 AS value
        FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS p(grain, start, i)
        JOIN metric_aggregations a ON a.aggregation_type = p.grain AND a.period_start = p.start
       WHERE a.clinic_id = ANY($1::text[]) AND ${rowFilter}
    )
    SELECT coalesce((SELECT json_agg(json_build_array(kind, i, c, m, value))::text FROM (
      SELECT 0 AS kind, i, ${flowClinic} AS c, to_jsonb(m) AS m, SUM(value) AS value
        FROM r WHERE ${level} AND metric_key NOT IN (${STOCK_LIST})
       GROUP BY i${input.perClinic ? ", c" : ""}, m
      UNION ALL
      SELECT 1, i, c, to_jsonb(m), value FROM r WHERE ${level} AND metric_key IN (${STOCK_LIST})
      UNION ALL
      SELECT 2, i, c, to_jsonb(provider_id), value FROM r WHERE provider_id IS NOT NULL AND metric_key = 'gross_production'
    ) x), '[]') AS rows, ${lastDataSql} AS last_day`;

  const [result] = await tx.$queryRawUnsafe<{ rows: Uint8Array | string; last_day: string | null }[]>(sql, ...params);
  const text = result ? (typeof result.rows === "string" ? result.rows : new TextDecoder().decode(result.rows)) : "[]";
  const rows = JSON.parse(text) as PieceRow[];

  // Index the piece rows, then walk each target's pieces.
  interface PieceData {
    flows: { clinic: number | null; key: MeasureKey; value: number }[];
    stocks: { clinic: number; key: MeasureKey; value: number }[];
    gross: { clinic: number; providerId: string; value: number }[];
  }
  const byPiece: PieceData[] = pieces.map(() => ({ flows: [], stocks: [], gross: [] }));
  for (const [kind, piece, clinic, what, value] of rows) {
    const d = byPiece[piece];
    if (!d) continue;
    if (kind === 2) {
      d.gross.push({ clinic: clinic ?? -1, providerId: String(what), value });
      continue;
    }
    const key = typeof what === "number" ? MEASURE_KEYS[what] : undefined;
    if (!key) continue; // a metric_key this version does not know
    if (kind === 0) d.flows.push({ clinic, key, value });
    else d.stocks.push({ clinic: clinic ?? -1, key, value });
  }

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
        if (f.clinic !== null) {
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
