import { rows, type PgClient } from "./sql.ts";

/**
 * Columns whose values legitimately differ between two runs that did the same work: row ids and
 * timestamps the database makes, and the aggregations change counter (taken from a sequence).
 */
export const VOLATILE_COLUMNS: Record<string, string[]> = {
  metric_aggregations: ["id", "created_at", "updated_at"],
  clinics: ["aggregations_version"],
  data_migration_steps: ["started_at", "finished_at", "created_at"],
  data_migration_issues: ["created_at"],
  id_mappings: ["created_at"],
};

/**
 * A comparable picture of a database: its schema (tables, columns, indexes, constraints, triggers,
 * policies, RLS flags, functions, and grants to roles other than the owner) and a checksum per
 * table of every row. Phase tests take one before a phase and after its rollback, and expect them
 * equal; `exclude` leaves out columns that legitimately differ (timestamps of bookkeeping rows).
 */
export interface DbSnapshot {
  schema: Record<string, string[]>;
  tables: Record<string, string>;
}

export async function snapshotDatabase(client: PgClient, opts: { exclude?: Record<string, string[]>; skipTables?: string[] } = {}): Promise<DbSnapshot> {
  const q = <T>(sql: string) => rows<T>(client, sql);
  const schema: Record<string, string[]> = {};
  schema.columns = (
    await q<{ s: string }>(`
      SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
             || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS s
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY 1`)
  ).map((r) => r.s);
  schema.indexes = (await q<{ s: string }>(`SELECT indexdef AS s FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`)).map((r) => r.s);
  schema.constraints = (
    await q<{ s: string }>(`
      SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END AS s
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid <> 0 ORDER BY 1`)
  ).map((r) => r.s);
  schema.triggers = (
    await q<{ s: string }>(`
      SELECT pg_get_triggerdef(t.oid) AS s FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal ORDER BY 1`)
  ).map((r) => r.s);
  schema.rls = (
    await q<{ s: string }>(`
      SELECT relname || ' rls=' || relrowsecurity || ' force=' || relforcerowsecurity AS s FROM pg_class
       WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND (relrowsecurity OR relforcerowsecurity) ORDER BY 1`)
  ).map((r) => r.s);
  schema.policies = (
    await q<{ s: string }>(`
      SELECT tablename || ' ' || policyname || ' ' || cmd || ' ' || array_to_string(roles, ',') || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') AS s
        FROM pg_policies WHERE schemaname = current_schema() ORDER BY 1`)
  ).map((r) => r.s);
  schema.functions = (
    await q<{ s: string }>(`
      SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) || ' ' || coalesce(array_to_string(p.proconfig, ','), '') AS s
        FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace ORDER BY 1`)
  ).map((r) => r.s);
  schema.grants = (
    await q<{ s: string }>(`
      SELECT c.relname || ' ' || g.grantee::regrole::text || ' ' || g.privilege_type AS s
        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) g
       WHERE c.relnamespace = current_schema()::regnamespace AND g.grantee <> c.relowner ORDER BY 1`)
  ).map((r) => r.s);

  const tables: Record<string, string> = {};
  const names = await q<{ relname: string }>(`SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY 1`);
  for (const { relname } of names) {
    if (relname === "_prisma_migrations" || opts.skipTables?.includes(relname)) continue;
    const drop = (opts.exclude?.[relname] ?? []).map((c) => ` - '${c}'`).join("");
    const [r] = await q<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(j, '|' ORDER BY j), '')) AS h FROM (SELECT (to_jsonb(x)${drop})::text AS j FROM "${relname}" x) t`,
    );
    tables[relname] = `${r?.n}:${r?.h}`;
  }
  return { schema, tables };
}
