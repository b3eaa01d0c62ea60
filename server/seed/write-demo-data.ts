/**
 * Writes the Harbor Dental Group demo data: clinics, their locations and
 * providers (legacy tables), 24 months of daily metrics, and the system goal
 * templates.
 *
 * Idempotent: every row has a fixed id and the metric tables have unique
 * natural keys, so a second run on the same day inserts and updates nothing.
 * - Clinics, locations, providers and goal templates are inserted when
 *   missing and updated only when a field differs from demo-group.ts /
 *   goal-templates.ts (so an unchanged row keeps its updated_at).
 * - Metric rows whose id is already in the window are left out; the rest
 *   are inserted with createMany({ skipDuplicates: true }) in chunks of
 *   5,000: a row whose natural key is already taken is skipped, never
 *   overwritten. So a reseed with nothing new only reads.
 *
 * The window ends at `endDate`: opts.endDate, else DEMO_END_DATE, else today
 * (UTC). Reseeding on a later day adds the days since the last seed (and keeps
 * the old ones); because each day's numbers do not depend on the window (see
 * demo-metrics.ts), the new days continue the old ones seamlessly. Set
 * DEMO_END_DATE for a fixed, reproducible dataset.
 *
 * No transaction: a run that fails halfway leaves a partial seed, which the
 * next run completes.
 *
 * Users, roles and goals for the demo are added by later seed steps: they
 * should take the clinic and provider ids from the returned `ids`
 * (or DEMO_CLINIC_IDS / DEMO_PROVIDER_IDS in demo-group.ts).
 */
import type { Db } from "../db/client.ts";
import { assertIsoDate, isoDateFromUtc, type IsoDate } from "../metrics/iso-date.ts";
import { DEMO_MONTHS, DEMO_SEED } from "./demo-group.ts";
import { type DemoMetrics, generateDemoMetrics } from "./demo-metrics.ts";
import { SYSTEM_GOAL_TEMPLATES } from "./goal-templates.ts";

export interface SeedDemoOptions {
  /** Last day of demo data, YYYY-MM-DD. Default: DEMO_END_DATE, else today (UTC). */
  endDate?: string;
  log?: (msg: string) => void;
}

/** What later seed steps (users, roles, goals) need to attach to the demo group. */
export interface DemoSeedIds {
  clinics: { id: string; clinicCode: string; name: string }[];
  providers: { id: string; providerCode: string; clinicId: string; providerType: string }[];
  goalTemplateIds: string[];
}

export interface SeedDemoResult {
  /** True when this run inserted at least one row (false: everything was already there). */
  created: boolean;
  /**
   * Rows inserted per table (clinics, locations, providers, goalTemplates,
   * financialMetrics, appointmentMetrics, callMetrics, patientMetrics), plus
   * `updated`: reference rows (clinics … goal templates) changed to match the definitions.
   */
  counts: Record<string, number>;
  startDate: IsoDate;
  endDate: IsoDate;
  /** Hook point for the users/roles/goals seed steps. */
  ids: DemoSeedIds;
}

/** Rows per createMany statement (financial rows have ~9 columns: well under PostgreSQL's 65,535 parameters). */
export const METRIC_CHUNK_SIZE = 5_000;

/** The demo window's last day: opts, else DEMO_END_DATE, else today in UTC. */
export function resolveDemoEndDate(endDate?: string, env: NodeJS.ProcessEnv = process.env): IsoDate {
  const value = endDate ?? (env.DEMO_END_DATE || undefined) ?? isoDateFromUtc(new Date());
  try {
    return assertIsoDate(value);
  } catch {
    throw new RangeError(`Invalid demo end date "${value}" (DEMO_END_DATE or endDate must be YYYY-MM-DD)`);
  }
}

export async function seedDemoData(db: Db, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = opts.log ?? (() => {});
  const endDate = resolveDemoEndDate(opts.endDate);
  const started = performance.now();
  const data = generateDemoMetrics({ endDate, months: DEMO_MONTHS, seed: DEMO_SEED });
  log(
    `demo data: generated ${data.startDate} … ${data.endDate} in ${Math.round(performance.now() - started)} ms`,
  );

  const counts: Record<string, number> = {};
  let updated = 0;
  const track = (table: string, result: { inserted: number; updated: number }) => {
    counts[table] = result.inserted;
    updated += result.updated;
  };

  // Reference rows first: providers and locations reference clinics.
  track(
    "clinics",
    await syncReferenceRows({
      label: "clinic",
      rows: data.clinics,
      insert: (rows) => db.clinic.createMany({ data: rows, skipDuplicates: true }),
      existing: (ids) => db.clinic.findMany({ where: { id: { in: ids } } }),
      update: ({ id, ...row }) => db.clinic.update({ where: { id }, data: row }),
    }),
  );
  track(
    "locations",
    await syncReferenceRows({
      label: "location",
      rows: data.locations,
      insert: (rows) => db.location.createMany({ data: rows, skipDuplicates: true }),
      existing: (ids) => db.location.findMany({ where: { id: { in: ids } } }),
      update: ({ id, ...row }) => db.location.update({ where: { id }, data: row }),
    }),
  );
  track(
    "providers",
    await syncReferenceRows({
      label: "provider",
      rows: data.providers,
      insert: (rows) => db.provider.createMany({ data: rows, skipDuplicates: true }),
      existing: (ids) => db.provider.findMany({ where: { id: { in: ids } } }),
      update: ({ id, ...row }) => db.provider.update({ where: { id }, data: row }),
    }),
  );

  // Metric rows already in the window (by id) are filtered out first, so a reseed only reads.
  const inWindow = {
    clinicId: { in: data.clinics.map((c) => c.id) },
    date: { gte: toUtcDate(data.startDate), lte: toUtcDate(data.endDate) },
  };
  counts.financialMetrics = await insertMissingMetrics(
    data.financialMetrics,
    () => db.financialMetric.findMany({ where: inWindow, select: { id: true } }),
    (chunk) => db.financialMetric.createMany({ data: chunk, skipDuplicates: true }),
  );
  counts.appointmentMetrics = await insertMissingMetrics(
    data.appointmentMetrics,
    () => db.appointmentMetric.findMany({ where: inWindow, select: { id: true } }),
    (chunk) => db.appointmentMetric.createMany({ data: chunk, skipDuplicates: true }),
  );
  counts.callMetrics = await insertMissingMetrics(
    data.callMetrics,
    () => db.callMetric.findMany({ where: inWindow, select: { id: true } }),
    (chunk) => db.callMetric.createMany({ data: chunk, skipDuplicates: true }),
  );
  counts.patientMetrics = await insertMissingMetrics(
    data.patientMetrics,
    () => db.patientMetric.findMany({ where: inWindow, select: { id: true } }),
    (chunk) => db.patientMetric.createMany({ data: chunk, skipDuplicates: true }),
  );

  track(
    "goalTemplates",
    await syncReferenceRows({
      label: "goal template",
      rows: SYSTEM_GOAL_TEMPLATES.map((t) => ({ ...t })),
      insert: (rows) => db.goalTemplate.createMany({ data: rows, skipDuplicates: true }),
      existing: (ids) => db.goalTemplate.findMany({ where: { id: { in: ids } } }),
      update: ({ id, ...row }) => db.goalTemplate.update({ where: { id }, data: row }),
    }),
  );
  counts.updated = updated;

  const inserted = Object.entries(counts).reduce((sum, [k, n]) => (k === "updated" ? sum : sum + n), 0);
  log(
    `demo data: ${inserted} rows inserted, ${updated} updated in ${Math.round(performance.now() - started)} ms ` +
      `(${Object.entries(counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")})`,
  );

  return { created: inserted > 0, counts, startDate: data.startDate, endDate: data.endDate, ids: demoSeedIds(data) };
}

function demoSeedIds(data: DemoMetrics): DemoSeedIds {
  return {
    clinics: data.clinics.map(({ id, clinicCode, name }) => ({ id, clinicCode, name })),
    providers: data.providers.map(({ id, providerCode, clinicId, providerType }) => ({
      id,
      providerCode,
      clinicId,
      providerType,
    })),
    goalTemplateIds: SYSTEM_GOAL_TEMPLATES.map((t) => t.id),
  };
}

/** An ISO day as the Date Prisma expects for a @db.Date column (UTC midnight). */
function toUtcDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

type WithDate<T> = Omit<T, "date"> & { date: Date };

/**
 * Inserts the rows whose id is not in the database yet, in chunks of
 * METRIC_CHUNK_SIZE. skipDuplicates also skips a row whose natural key
 * (clinic, date, provider, type…) is already taken by a row from elsewhere.
 */
async function insertMissingMetrics<T extends { id: string; date: IsoDate }>(
  rows: readonly T[],
  existingIds: () => Promise<{ id: string }[]>,
  insert: (chunk: WithDate<T>[]) => Promise<{ count: number }>,
): Promise<number> {
  const existing = new Set((await existingIds()).map((r) => r.id));
  const missing = rows.filter((r) => !existing.has(r.id));
  let inserted = 0;
  for (let i = 0; i < missing.length; i += METRIC_CHUNK_SIZE) {
    const chunk = missing.slice(i, i + METRIC_CHUNK_SIZE).map((row) => ({ ...row, date: toUtcDate(row.date) }));
    inserted += (await insert(chunk)).count;
  }
  return inserted;
}

interface ReferenceTable<Row extends { id: string }> {
  label: string;
  rows: readonly Row[];
  insert(rows: Row[]): Promise<{ count: number }>;
  existing(ids: string[]): Promise<readonly { id: string }[]>;
  update(row: Row): Promise<unknown>;
}

/**
 * Inserts missing rows (one statement), then updates the rows whose fields
 * differ from the definition. A row still missing after the insert was
 * skipped because another row holds one of its unique values (a clinic code,
 * provider email…): that is an error, since later rows reference the id.
 */
async function syncReferenceRows<Row extends { id: string }>(
  table: ReferenceTable<Row>,
): Promise<{ inserted: number; updated: number }> {
  const { count } = await table.insert([...table.rows]);
  const found = new Map((await table.existing(table.rows.map((r) => r.id))).map((r) => [r.id, r]));
  let updated = 0;
  for (const row of table.rows) {
    const current = found.get(row.id) as Record<string, unknown> | undefined;
    if (!current) {
      throw new Error(
        `Demo ${table.label} ${row.id} could not be created: another row already uses one of its unique values`,
      );
    }
    const differs = Object.entries(row).some(([key, value]) => canonicalJson(value) !== canonicalJson(current[key]));
    if (differs) {
      await table.update(row);
      updated++;
    }
  }
  return { inserted: count, updated };
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
