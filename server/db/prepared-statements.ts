import { createHash } from "node:crypto";

/**
 * Named (server-side prepared) statements for a few hot read queries.
 *
 * node-postgres sends every query as the unnamed statement, so PostgreSQL parses and plans it on
 * every call. For the dashboard read (one compact statement over many pieces) planning costs about
 * as much as running it. A statement registered here gets a stable name derived from its text; the
 * Prisma adapter passes that name to node-postgres, which then parses it once per connection and
 * reuses it (PostgreSQL keeps the plan, or a generic one, for the connection).
 *
 * Only registered statements are named: naming every distinct SQL text would grow each
 * connection's statement cache (client and server side) without bound. Registration is capped as a
 * safety net against a caller that builds its text from values.
 *
 * Off on embedded PGlite: all its connections share one backend session, so a name prepared by one
 * connection already exists for the next (decision 0004). createPrismaClient decides.
 */
const MAX_NAMED = 64;
const named = new Map<string, string>();

/** Marks `sql` as worth preparing and returns it unchanged (use: `tx.$queryRawUnsafe(prepared(sql), …)`). */
export function prepared(sql: string): string {
  if (!named.has(sql) && named.size < MAX_NAMED) {
    named.set(sql, `cp_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`);
  }
  return sql;
}

/** The statement name for a query's SQL text, or undefined (unnamed) when it was not registered. */
export function statementName(query: { sql: string }): string | undefined {
  return named.get(query.sql);
}
