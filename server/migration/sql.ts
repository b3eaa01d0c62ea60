import type pg from "pg";
import type { SqlClient } from "../metrics/aggregation/sql-client.ts";

/** What the data migration needs from a connection: one pg client (session, temp tables, locks). */
export type PgClient = Pick<pg.ClientBase, "query">;

export async function rows<T = Record<string, unknown>>(client: PgClient, sql: string, params: unknown[] = []): Promise<T[]> {
  if (!process.env.DM_PROFILE) return (await client.query(sql, params)).rows as T[];
  const t0 = performance.now();
  const out = (await client.query(sql, params)).rows as T[];
  process.stderr.write(`[dm] ${Math.round(performance.now() - t0)} ms ${out.length} rows: ${sql.replace(/\s+/g, " ").slice(0, 110)}\n`);
  return out;
}

export async function one<T = Record<string, unknown>>(client: PgClient, sql: string, params: unknown[] = []): Promise<T> {
  const found = (await client.query(sql, params)).rows[0] as T | undefined;
  if (!found) throw new Error(`Expected a row from: ${sql.slice(0, 80)}`);
  return found;
}

export async function exec(client: PgClient, sql: string, params: unknown[] = []): Promise<number> {
  if (!process.env.DM_PROFILE) return (await client.query(sql, params)).rowCount ?? 0;
  const t0 = performance.now();
  const n = (await client.query(sql, params)).rowCount ?? 0;
  process.stderr.write(`[dm] ${Math.round(performance.now() - t0)} ms ${n} rows: ${sql.replace(/\s+/g, " ").slice(0, 110)}\n`);
  return n;
}

export async function tableExists(client: PgClient, table: string): Promise<boolean> {
  return (await one<{ ok: boolean }>(client, `SELECT to_regclass($1) IS NOT NULL AS ok`, [table])).ok;
}

export async function columnExists(client: PgClient, table: string, column: string): Promise<boolean> {
  return (
    await one<{ ok: boolean }>(
      client,
      `SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2) AS ok`,
      [table, column],
    )
  ).ok;
}

/** The aggregation engine's raw-SQL interface over a pg client (runs inside the caller's transaction). */
export function pgSqlClient(client: PgClient): SqlClient {
  return {
    $executeRawUnsafe: (async (sql: string, ...values: unknown[]) => exec(client, sql, values)) as unknown as SqlClient["$executeRawUnsafe"],
    $queryRawUnsafe: (async (sql: string, ...values: unknown[]) => rows(client, sql, values)) as unknown as SqlClient["$queryRawUnsafe"],
  };
}

/** SQL text literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
