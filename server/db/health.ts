import type { Db } from "./client.ts";

export interface DatabaseHealth {
  status: "ok" | "error";
  database: { ok: boolean; latencyMs: number; kind: "embedded" | "postgresql"; error?: string };
}

export async function checkDatabaseHealth(db: Db): Promise<DatabaseHealth> {
  const kind = process.env.CLINIC_PULSE_EMBEDDED_DB === "1" ? "embedded" : "postgresql";
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { status: "ok", database: { ok: true, latencyMs: Math.round(performance.now() - started), kind } };
  } catch (error) {
    return {
      status: "error",
      database: { ok: false, latencyMs: Math.round(performance.now() - started), kind, error: (error as Error).message.split("\n")[0] },
    };
  }
}
