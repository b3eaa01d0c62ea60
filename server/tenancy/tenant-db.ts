import type { Db } from "../db/client.ts";

/** The Prisma transaction client handed to tenant resolvers. */
export type TenantTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The only way resolvers reach clinic data: a handle scoped to the clinics the caller was
 * checked for. Each `run` is one transaction that first records who is asking and for which
 * clinics (`set_config(..., true)`: transaction-local, safe with pooled and PGlite connections).
 * Row Level Security (migration phase 3) keys its policies on exactly these settings, so it drops
 * in here without touching any resolver.
 */
export interface TenantDb {
  readonly userId: string;
  readonly clinicIds: readonly string[];
  run<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
}

export function createTenantDb(db: Db, userId: string, clinicIds: readonly string[]): TenantDb {
  const ids = [...clinicIds];
  return {
    userId,
    clinicIds: ids,
    run(fn) {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true), set_config('app.clinic_ids', ${ids.join(",")}, true)`;
        return fn(tx);
      });
    },
  };
}
