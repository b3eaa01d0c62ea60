import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import * as logging from "../log/logger.ts";
import { runAsSystem } from "./system-db.ts";
import { pino } from "pino";

describe("runAsSystem: the audited path around Row Level Security", () => {
  let t: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    vi.spyOn(logging, "logger").mockReturnValue(pino({ level: "info" }, sink));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it("runs as the connection's own role (not the app role), sees every clinic, and logs who and why", async () => {
    await t.pool.query(`INSERT INTO clinics (id, name, location, updated_at) VALUES ('sys1', 'One', 'x', now()), ('sys2', 'Two', 'x', now())`);
    const seen = await runAsSystem(t.db, { reason: "aggregation:refresh", actor: "job:42", details: { clinics: 2 } }, (db) =>
      db.$queryRawUnsafe<{ n: number; role: string }[]>(`SELECT count(*)::int AS n, current_user AS role FROM clinics WHERE id LIKE 'sys%'`),
    );
    expect(seen[0]!.n).toBe(2);
    expect(seen[0]!.role).not.toBe("clinic_pulse_app");
    const mine = lines.filter((l) => l.reason === "aggregation:refresh");
    expect(mine.map((l) => l.msg)).toEqual(["system database access started", "system database access finished"]);
    expect(mine[1]).toMatchObject({ system: true, actor: "job:42", clinics: 2, ok: true });
  });

  it("in a transaction, names the reason in app.system_reason and rolls back on failure (logging the failure)", async () => {
    const reason = await runAsSystem(t.db, { reason: "seed:demo", transaction: true }, (tx) =>
      tx.$queryRawUnsafe<{ r: string }[]>(`SELECT current_setting('app.system_reason') AS r`),
    );
    expect(reason[0]!.r).toBe("seed:demo");
    await expect(
      runAsSystem(t.db, { reason: "sync:run", transaction: true }, async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO clinics (id, name, location, updated_at) VALUES ('sys3', 'Three', 'x', now())`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await t.pool.query(`SELECT 1 FROM clinics WHERE id = 'sys3'`)).rowCount).toBe(0);
    expect(lines.find((l) => l.reason === "sync:run" && l.ok === false)).toMatchObject({ err: "boom" });
  });

  it("refuses to run without a reason", async () => {
    await expect(runAsSystem(t.db, { reason: "" }, async () => 1)).rejects.toThrow(/needs a reason/);
    await expect(runAsSystem(t.db, { reason: "Has Spaces" }, async () => 1)).rejects.toThrow(/needs a reason/);
  });
});
