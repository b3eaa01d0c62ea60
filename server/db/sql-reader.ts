import type pg from "pg";

/**
 * What read-only domain code needs from the database: raw SQL in, rows out. The app's Prisma
 * client and its transaction clients fit, and so does `pgSqlReader` over a node-postgres
 * connection (the tenant handle's `read`, which skips Prisma's per-statement overhead on the
 * dashboard's hot path: docs/decisions/0010-dashboard-reads-on-node-postgres.md).
 */
export interface SqlReader {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Column types whose node-postgres decoding is the same value Prisma's raw queries return
 * (string, number, boolean, string[]). Prisma turns int8 into BigInt, numeric into Decimal and
 * date/timestamp into Date objects at UTC, where node-postgres gives strings or local-time Dates:
 * a reader query must cast such columns in SQL (`::int`, `::float8`, `::text`) so both clients
 * answer alike.
 */
const SAME_IN_BOTH: ReadonlySet<number> = new Set([
  16, // bool
  19, // name
  21, // int2
  23, // int4
  25, // text
  700, // float4
  701, // float8
  1042, // bpchar
  1043, // varchar
  1009, // text[]
  1015, // varchar[]
]);

const TYPE_NAMES: Record<number, string> = { 20: "int8", 1700: "numeric", 1082: "date", 1114: "timestamp", 1184: "timestamptz", 114: "json", 3802: "jsonb" };

/** A SqlReader over one node-postgres connection (a pool client inside a transaction). */
export function pgSqlReader(client: pg.ClientBase): SqlReader {
  return {
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> {
      const result = await client.query(query, values);
      for (const field of result.fields) {
        if (!SAME_IN_BOTH.has(field.dataTypeID)) {
          const type = TYPE_NAMES[field.dataTypeID] ?? `type oid ${field.dataTypeID}`;
          throw new Error(`Column "${field.name}" is ${type}: cast it in SQL (::int, ::float8 or ::text) so Prisma and node-postgres read it alike.`);
        }
      }
      return result.rows as T;
    },
  };
}
