import { z } from "zod";
import { AppError } from "../../errors/app-error.ts";
import {
  clinicComparison,
  dashboardSummary,
  type Granularity,
  providerBreakdown,
  trendSeries,
} from "../../metrics/dashboard/dashboard.ts";
import { addDays, addYears, compareDates, isIsoDate, rangeLength } from "../../metrics/iso-date.ts";
import { KPI_KEYS, type KpiKey } from "../../metrics/kpi-registry.ts";
import { RANGE_PRESETS } from "../../metrics/ranges.ts";
import { answerCacheFor } from "../../metrics/dashboard/answer-cache.ts";
import type { SqlReader } from "../../db/sql-reader.ts";
import { clinicsProcedure, type TenantContext } from "../clinic-procedure.ts";
import type { Context } from "../context.ts";
import { protectedProcedure, router } from "../init.ts";

/**
 * The dashboard: KPI cards, trend, providers and clinic comparison for one or more clinics over a
 * date range. Every number comes from metric_aggregations through the tenant handle; ratios are
 * recomputed from summed numerators and denominators. Output is plain numbers and ISO date strings.
 * Summary and trend answers are cached per clinic aggregations version (answer-cache.ts); the
 * provider and clinic breakdowns also read provider and clinic names, so they are not.
 */

const isoDate = z.string().refine(isIsoDate, "Use a real date as YYYY-MM-DD.");

/** The longest range the dashboard answers: three calendar years. */
export const MAX_RANGE_YEARS = 3;

const rangeFields = {
  from: isoDate,
  to: isoDate,
  /** Bucket size of sparklines and the trend; default: day up to 62 days, week up to 26 weeks, else month. */
  granularity: z.enum(["day", "week", "month"]).optional(),
  /** One provider of the selected clinics instead of the whole clinics. */
  providerId: z.string().min(1).max(64).optional(),
};

function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (!isIsoDate(v.from) || !isIsoDate(v.to)) return;
  if (compareDates(v.from, v.to) > 0) {
    ctx.addIssue({ code: "custom", message: "The start date must be on or before the end date.", path: ["to"] });
  } else if (compareDates(v.to, addDays(addYears(v.from, MAX_RANGE_YEARS), -1)) > 0) {
    ctx.addIssue({ code: "custom", message: `Choose a range of at most ${MAX_RANGE_YEARS} years.`, path: ["to"] });
  }
}

const rangeInput = z.object(rangeFields).superRefine(checkRange);
const summaryInput = z
  .object({ ...rangeFields, preset: z.enum(RANGE_PRESETS).optional(), kpis: z.array(z.enum(KPI_KEYS as [KpiKey, ...KpiKey[]])).max(50).optional() })
  .superRefine(checkRange);
const trendInput = z
  .object({ ...rangeFields, kpis: z.array(z.enum(KPI_KEYS as [KpiKey, ...KpiKey[]])).min(1).max(50).optional() })
  .superRefine(checkRange);

export function defaultGranularity(from: string, to: string): Granularity {
  const days = rangeLength(from, to);
  return days <= 62 ? "day" : days <= 26 * 7 ? "week" : "month";
}

/** A provider filter must name a provider of one of the clinics in scope. */
async function checkProvider(sql: SqlReader, clinicIds: readonly string[], providerId: string | undefined): Promise<void> {
  if (!providerId) return;
  const found = await sql.$queryRawUnsafe<unknown[]>(`SELECT 1 AS found FROM providers WHERE id = $1 AND clinic_id = ANY($2::text[])`, providerId, [...clinicIds]);
  if (found.length === 0) throw new AppError("NOT_FOUND", "That provider was not found at the selected clinics.", "providerId");
}

/** The arguments summary and trend share, with the granularity defaulted. */
function seriesArgs(input: z.infer<typeof trendInput>) {
  return {
    providerId: input.providerId,
    from: input.from,
    to: input.to,
    granularity: input.granularity ?? defaultGranularity(input.from, input.to),
    ...(input.kpis ? { kpis: input.kpis } : {}),
  };
}

/**
 * Answers from the answer cache, computing in the tenant transaction on a miss. The provider filter
 * is checked against the database on every request: inside that transaction on a miss, in its own
 * on a hit (an answer someone else computed, or one kept from earlier).
 */
async function cachedAnswer<A extends { providerId?: string }, T extends object>(
  db: Context["db"],
  tenant: TenantContext,
  procedure: string,
  args: A,
  compute: (sql: SqlReader, args: A) => Promise<T>,
): Promise<T> {
  let checked = false;
  const answer = await answerCacheFor(db).get(procedure, tenant, args, () =>
    tenant.db.read(async (sql) => {
      await checkProvider(sql, tenant.clinicIds, args.providerId);
      checked = true;
      return compute(sql, args);
    }),
  );
  if (!checked && args.providerId) await tenant.db.read((sql) => checkProvider(sql, tenant.clinicIds, args.providerId));
  return answer;
}

export const dashboardRouter = router({
  /** Baseline for the benchmark: an authenticated call that touches no clinic data. */
  ping: protectedProcedure.query(() => ({ ok: true as const })),

  summary: clinicsProcedure("dashboard:view")
    .input(summaryInput)
    .query(({ ctx, input }) =>
      cachedAnswer(ctx.db, ctx.tenant, "dashboard.summary", { ...seriesArgs(input), ...(input.preset ? { preset: input.preset } : {}) }, (sql, args) =>
        dashboardSummary(sql, { clinicIds: ctx.tenant.clinicIds, ...args }),
      ),
    ),

  trend: clinicsProcedure("dashboard:view")
    .input(trendInput)
    .query(({ ctx, input }) =>
      cachedAnswer(ctx.db, ctx.tenant, "dashboard.trend", seriesArgs(input), (sql, args) =>
        trendSeries(sql, { clinicIds: ctx.tenant.clinicIds, ...args }),
      ),
    ),

  providers: clinicsProcedure("dashboard:view")
    .input(rangeInput)
    .query(({ ctx, input }) =>
      ctx.tenant.db.read(async (sql) => {
        await checkProvider(sql, ctx.tenant.clinicIds, input.providerId);
        return providerBreakdown(sql, { clinicIds: ctx.tenant.clinicIds, providerId: input.providerId, from: input.from, to: input.to });
      }),
    ),

  clinics: clinicsProcedure("dashboard:view")
    .input(rangeInput)
    .query(({ ctx, input }) =>
      ctx.tenant.db.read(async (sql) => {
        await checkProvider(sql, ctx.tenant.clinicIds, input.providerId);
        return clinicComparison(sql, { clinicIds: ctx.tenant.clinicIds, providerId: input.providerId, from: input.from, to: input.to });
      }),
    ),
});
