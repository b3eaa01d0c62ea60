import { escapeLiteral } from "pg";
import { type Db, pgPoolOf } from "../db/client.ts";
import { type SqlReader, pgSqlReader } from "../db/sql-reader.ts";
import { logger } from "../log/logger.ts";

/** The Prisma transaction client handed to tenant resolvers. */
export type TenantTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The non-superuser role the tenant handle switches to (created by migration phase 3). */
export const APP_ROLE = "clinic_pulse_app";

/**
 * The only way resolvers reach clinic data: a handle scoped to the clinics the caller was
 * checked for. Each `run` is one transaction that first records who is asking and for which
 * clinics, and — once migration phase 3 is applied — switches to the `clinic_pulse_app` role, so
 * Row Level Security checks every statement the resolver sends (docs/migration/rls.md):
 *
 *   SELECT set_config('app.user_id', $user, true),
 *          set_config('app.clinic_ids', $clinics, true),
 *          set_config('role', 'clinic_pulse_app', true)      -- = SET LOCAL ROLE clinic_pulse_app
 *
 * Everything is transaction-local (`is_local = true`): on commit or rollback the connection is
 * back to its own role with no settings, which matters with pooled connections and on PGlite,
 * where every connection shares one backend session and a session-level SET would leak.
 */
export interface TenantDb {
  readonly userId: string;
  readonly clinicIds: readonly string[];
  /** A Prisma interactive transaction scoped to the clinics. */
  run<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /**
   * The same scope for raw SQL reads, on a node-postgres connection of the same pool: one
   * `BEGIN READ ONLY` transaction with the same settings and role, three round trips in all
   * (begin + settings, each statement, commit) where Prisma's transaction takes four and adds its
   * own cost to each. For the dashboard's reads (decision 0010); nothing in it can write.
   */
  read<T>(fn: (sql: SqlReader) => Promise<T>): Promise<T>;
}

export interface TenantDbOptions {
  /**
   * Force Row Level Security on or off for this handle (benchmarks and tests). By default it is on
   * exactly when the database has phase 3 (detected once per client, see rowLevelSecurityActive).
   */
  rls?: boolean;
}

export function createTenantDb(db: Db, userId: string, clinicIds: readonly string[], opts: TenantDbOptions = {}): TenantDb {
  const ids = [...clinicIds];
  if (!userId) throw new Error("createTenantDb needs the signed-in user's id.");
  if (ids.some((id) => !id || id.includes(","))) throw new Error("createTenantDb: clinic ids must be non-empty and contain no comma.");
  const clinicList = ids.join(",");
  return {
    userId,
    clinicIds: ids,
    async run(fn) {
      const settings = tenantSettings(userId, clinicList, opts.rls ?? (await rowLevelSecurityActive(db)));
      return db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(settings);
        return fn(tx);
      });
    },
    async read(fn) {
      const settings = tenantSettings(userId, clinicList, opts.rls ?? (await rowLevelSecurityActive(db)));
      const client = await pgPoolOf(db).connect();
      try {
        // One simple-protocol message: the transaction and its settings in one round trip.
        await client.query(`BEGIN READ ONLY; ${settings}`);
        const result = await fn(pgSqlReader(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // Back to no transaction before the connection returns to the pool; one that cannot even
        // roll back is dropped from the pool instead.
        const clean = await client.query("ROLLBACK").then(() => true, () => false);
        client.release(clean ? undefined : (error as Error));
        throw error;
      }
    },
  };
}

/**
 * The statement that scopes a transaction to the caller (see TenantDb). Values are quoted as
 * literals (node-postgres' escapeLiteral) so `read` can send it with BEGIN in one message; ids
 * never contain a comma (checked above), so the clinic list splits back exactly.
 */
function tenantSettings(userId: string, clinicList: string, rls: boolean): string {
  const base = `SELECT set_config('app.user_id', ${escapeLiteral(userId)}, true), set_config('app.clinic_ids', ${escapeLiteral(clinicList)}, true)`;
  return rls ? `${base}, set_config('role', '${APP_ROLE}', true)` : base;
}

const detected = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether this database has migration phase 3 (the app role, its policy functions and forced RLS)
 * and the connecting role may switch to the app role. Asked once per client and cached: the answer
 * changes only when phase 3 is applied or rolled back, after which the app is restarted
 * (docs/migration/rollback.md). On a database still at phase 2 the handle works as before,
 * with the application's checks only.
 */
export function rowLevelSecurityActive(db: Db): Promise<boolean> {
  let answer = detected.get(db);
  if (!answer) {
    answer = detectRowLevelSecurity(db).then(
      (active) => {
        if (!active) logger().warn("Row Level Security is not active (migration phase 3 is not applied): tenant isolation relies on the application's checks alone");
        return active;
      },
      (error) => {
        detected.delete(db); // a failed probe (database down) is asked again next time
        throw error;
      },
    );
    detected.set(db, answer);
  }
  return answer;
}

async function detectRowLevelSecurity(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ active: boolean }[]>`
    SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = ${APP_ROLE})
                 AND to_regprocedure('app_clinic_ids()') IS NOT NULL
                 AND coalesce((SELECT relforcerowsecurity FROM pg_class WHERE oid = to_regclass('user_clinic_roles')), false)
           THEN pg_has_role(current_user, ${APP_ROLE}, 'MEMBER') ELSE false END AS active`;
  return rows[0]?.active === true;
}

/** Forgets the cached answer (after applying or rolling back phase 3 in the same process: tests, CLIs). */
export function forgetRowLevelSecurity(db?: Db): void {
  if (db) detected.delete(db);
}
