import type { Db } from "../db/client.ts";

/**
 * Dual ids (migration phase 2): every entity other systems refer to has its CUID primary key and a
 * UUID (`uuid_id`). This is the ONE place the app accepts either form from outside (a URL, an API
 * input): it turns it into the row's CUID, which is what every query, foreign key, membership and
 * tenant check uses. Nothing else compares UUIDs.
 *
 * Lookup order: a UUID-shaped value is first looked up as a UUID, then as a CUID (a legacy id may
 * itself look like a UUID); anything else only as a CUID. Unknown → null.
 *
 * On a database without phase 2 (rolled back) there are no UUIDs, and only CUIDs resolve.
 */
export const DUAL_ID_TABLES = ["clinics", "users", "providers", "locations", "data_sources", "metric_definitions", "goals", "dashboards"] as const;
export type DualIdTable = (typeof DUAL_ID_TABLES)[number];

/** Anything that runs raw SQL: the app's client or a (tenant) transaction client. */
export type SqlRunner = Pick<Db, "$queryRawUnsafe">;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export interface ResolveOptions {
  /**
   * Return a value that is not UUID-shaped as it is, without asking the database. For callers that
   * check the id against rows they already loaded (clinicProcedure compares it with the caller's
   * memberships), so the common CUID case costs no query.
   */
  trustCuid?: boolean;
}

const dualIds = new WeakMap<object, Promise<boolean>>();

/** Whether the database has phase 2's uuid_id columns (asked once per client, then cached). */
export function dualIdsAvailable(db: SqlRunner): Promise<boolean> {
  let answer = dualIds.get(db);
  if (!answer) {
    answer = db
      .$queryRawUnsafe<{ ok: boolean }[]>(
        `SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'clinics' AND column_name = 'uuid_id') AS ok`,
      )
      .then(
        (rows) => rows[0]?.ok === true,
        (error) => {
          dualIds.delete(db);
          throw error;
        },
      );
    dualIds.set(db, answer);
  }
  return answer;
}

/** Forgets the cached phase-2 answer (after applying or rolling back phase 2 in this process). */
export function forgetDualIds(db?: SqlRunner): void {
  if (db) dualIds.delete(db);
}

/** The CUID of the row of `table` named by `idOrUuid` (its UUID or its CUID), or null. */
export async function resolveEntityId(db: SqlRunner, table: DualIdTable, idOrUuid: string, opts: ResolveOptions = {}): Promise<string | null> {
  if (!(DUAL_ID_TABLES as readonly string[]).includes(table)) throw new Error(`resolveEntityId: ${table} has no dual ids.`);
  const value = idOrUuid.trim();
  if (!value || value.length > 128) return null;
  if (isUuid(value)) {
    if (await dualIdsAvailable(db)) {
      const byUuid = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "${table}" WHERE uuid_id = $1::uuid`, value);
      if (byUuid[0]) return byUuid[0].id;
    }
  } else if (opts.trustCuid) {
    return value;
  }
  const byCuid = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "${table}" WHERE id = $1`, value);
  return byCuid[0]?.id ?? null;
}

/** The UUID of a row given its CUID (for APIs that hand ids to other systems), or null. */
export async function uuidOf(db: SqlRunner, table: DualIdTable, cuid: string): Promise<string | null> {
  if (!(DUAL_ID_TABLES as readonly string[]).includes(table)) throw new Error(`uuidOf: ${table} has no dual ids.`);
  if (!(await dualIdsAvailable(db))) return null;
  const rows = await db.$queryRawUnsafe<{ uuid: string }[]>(`SELECT uuid_id::text AS uuid FROM "${table}" WHERE id = $1`, cuid);
  return rows[0]?.uuid ?? null;
}
