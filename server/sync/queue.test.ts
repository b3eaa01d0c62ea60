import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "../google/emulator/index.ts";
import { callerAs } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { ensureQueues, PGBOSS_SCHEMA, sendJob, startSyncWorker, stopSyncWorker } from "./queue.ts";
import { requestRun } from "./runs.ts";
import { brightSmilesWorld, useEmulatorForGoogle, type SyncWorld } from "./test-support.ts";

/** pg-boss on the test database (PGlite over our wire server, or PostgreSQL with TEST_DATABASE_URL). */
let t: TestDatabase;
let emu: GoogleEmulator;
let w: SyncWorld;

async function waitForRun(runId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.status === "succeeded" || run.status === "failed") return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startGoogleEmulator({ port: 0 });
  useEmulatorForGoogle(emu);
  w = await brightSmilesWorld(t.db, emu);
});
afterAll(async () => {
  await stopSyncWorker();
  await emu?.close();
  await t?.close();
});

describe("sync queue (pg-boss)", () => {
  it("a job sent while no worker runs is worked once a worker starts: jobs live in the database", async () => {
    const { runId } = await t.db.$transaction((tx) => requestRun(tx, { clinicId: w.clinicId, connectionId: w.connectionId, trigger: "schedule" }));
    const sender = new PgBoss({ connectionString: t.url, schema: PGBOSS_SCHEMA, max: 2, supervise: false, schedule: false });
    await sender.start();
    await ensureQueues(sender);
    expect(await sendJob(sender, { runId, connectionId: w.connectionId, clinicId: w.clinicId })).toBe(true);
    // A duplicate for the same connection while one waits is dropped (stately queue, singletonKey).
    expect(await sendJob(sender, { runId, connectionId: w.connectionId, clinicId: w.clinicId })).toBe(false);
    await sender.stop({ graceful: false, wait: true });

    expect(await startSyncWorker({ db: t.db, connectionString: t.url, force: true, pollingIntervalSeconds: 0.5, schedule: false })).toBe(true);
    const run = await waitForRun(runId);
    expect(run.status).toBe("succeeded");
    expect(run.rowsInserted).toBeGreaterThan(600);
  });

  it("syncNow hands the run to the running worker", async () => {
    emu.state.setCell("1BrightSmilesKpis2024_emuQ7xLp3VdN9sTcWm2Hk", "Jan-24", "C4", 1234.5);
    const staff = await callerAs(t.db, w.userId);
    const { runId } = await staff.sync.syncNow({ clinicId: w.clinicId, connectionId: w.connectionId });
    const run = await waitForRun(runId);
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", rowsUpdated: 1, rowsInserted: 0 });
  });
});
