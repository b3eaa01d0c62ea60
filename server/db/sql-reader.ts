import pg from "pg";

/**
 * What read-only domain code needs from the database: raw SQL in, rows out. The app's Prisma
 * client and its transaction clients fit, and so does `pgSqlReader` over a node-postgres
 * connection (the tenant handle's `read`, which skips Prisma's per-statement overhead on the
 * dashboard's hot path: docs/decisions/0010-dashboard-reads-on-node-postgres.md).
 */
export interface SqlReader {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const { builtins } = pg.types;
/** Types missing from pg-types' builtins; their OIDs are fixed in PostgreSQL's catalog. */
const NAME = 19;
const TEXT_ARRAY = 1009;
const VARCHAR_ARRAY = 1015;

/**
 * Column types whose node-postgres decoding is the same value Prisma's raw queries return
 * (string, number, boolean, string[]). Prisma turns int8 into BigInt, numeric into Decimal and
 * date/timestamp into Date objects at UTC, where node-postgres gives strings or local-time Dates:
 * a reader query must cast such columns in SQL (`::int`, `::float8`, `::text`) so both clients
 * answer alike.
 */
const SAME_IN_BOTH: ReadonlySet<number> = new Set([
  builtins.BOOL,
  NAME,
  builtins.INT2,
  builtins.INT4,
  builtins.TEXT,
  builtins.FLOAT4,
  builtins.FLOAT8,
  builtins.BPCHAR,
  builtins.VARCHAR,
  TEXT_ARRAY,
  VARCHAR_ARRAY,
]);

const typeName = (oid: number) => Object.entries(builtins).find(([, id]) => id === oid)?.[0].toLowerCase() ?? `type oid ${oid}`;

/**
 * A SqlReader over node-postgres: one connection (a pool client inside a transaction) or the pool
 * itself (a single statement on any free connection).
 */
export function pgSqlReader(client: pg.ClientBase | pg.Pool): SqlReader {
  return {
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> {
      const result = await client.query(query, values);
      for (const field of result.fields) {
        if (!SAME_IN_BOTH.has(field.dataTypeID)) {
          throw new Error(`Column "${field.name}" is ${typeName(field.dataTypeID)}: cast it in SQL (::int, ::float8 or ::text) so Prisma and node-postgres read it alike.`);
        }
      }
      return result.rows as T;
    },
  };
}
