/**
 * The database handle the aggregation engine and the dashboard readers accept: anything that runs
 * raw SQL. Both the app's Prisma client (`Db`) and an interactive-transaction client (`TenantTx`,
 * the `tx` of `db.$transaction(async (tx) => …)`) fit.
 */
import type { Db } from "../../db/client.ts";

export type SqlClient = Pick<Db, "$executeRawUnsafe" | "$queryRawUnsafe">;

/** A client that may also open its own transaction (the app's `Db`). */
export type SqlClientOrDb = SqlClient & Partial<Pick<Db, "$transaction">>;

/** Options for transactions the engine opens itself (a full rebuild can take minutes on PGlite). */
export const LONG_TRANSACTION = { maxWait: 120_000, timeout: 60 * 60_000 } as const;

/**
 * Runs `fn` inside a transaction: the caller's, when `client` already is a transaction client,
 * otherwise a new one opened on `client`.
 */
export async function inTransaction<T>(client: SqlClientOrDb, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  if (typeof client.$transaction === "function") {
    return (client as Db).$transaction((tx) => fn(tx), LONG_TRANSACTION);
  }
  return fn(client);
}
