import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = InstanceType<typeof PrismaClient>;

/**
 * Where a client keeps its pool: a property under a registered symbol, not a module-level map,
 * because the launcher and the bundled app each load their own copy of this module and share
 * clients through globalThis (see db()).
 */
const POOL_KEY = Symbol.for("clinic-pulse.pg-pool");
type WithPool = { [POOL_KEY]?: pg.Pool };

/**
 * A Prisma client over node-postgres, the same on PostgreSQL and on embedded PGlite. The
 * node-postgres pool is created here and handed to the adapter, so the few hot read paths that
 * talk to node-postgres directly (`pgPoolOf`, see TenantDb.read) share its connections instead of
 * opening a second pool. `$disconnect` ends the pool.
 */
export function createPrismaClient(url: string, opts: { poolSize?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    // PGlite runs one statement at a time: give interactive transactions room to wait their turn.
    transactionOptions: { maxWait: 20_000, timeout: 60_000 },
  });
  Object.defineProperty(client, POOL_KEY, { value: pool, enumerable: false });
  return client;
}

/** The node-postgres pool under a client made by createPrismaClient. */
export function pgPoolOf(db: Db): pg.Pool {
  const pool = (db as WithPool)[POOL_KEY];
  if (!pool) throw new Error("pgPoolOf: this Prisma client was not made by createPrismaClient.");
  if (pool.ended || pool.ending) throw new Error("pgPoolOf: this Prisma client has been disconnected.");
  return pool;
}

const GLOBAL_KEY = Symbol.for("clinic-pulse.prisma");
type Holder = { [GLOBAL_KEY]?: { url: string; client: Db } };

/**
 * The process-wide client. The URL comes from DATABASE_URL, which the launcher sets (to the
 * embedded database when none is configured) before any request is served. Kept on globalThis so
 * the launcher and the bundled app share one pool.
 */
export function db(): Db {
  const holder = globalThis as Holder;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides the embedded database.");
  const existing = holder[GLOBAL_KEY];
  if (existing && existing.url === url) return existing.client;
  const client = createPrismaClient(url, { poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  holder[GLOBAL_KEY] = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const holder = globalThis as Holder;
  const existing = holder[GLOBAL_KEY];
  if (existing) {
    delete holder[GLOBAL_KEY];
    await existing.client.$disconnect();
  }
}
