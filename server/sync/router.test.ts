import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "../google/emulator/index.ts";
import { callerAs } from "../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { runSync } from "./engine.ts";
import { scheduleDueSyncs, type SyncJob } from "./queue.ts";
import { brightSmilesWorld, useEmulatorForGoogle, type SyncWorld } from "./test-support.ts";

/** The sync router through real sessions and the tenant path (RLS on), with runs done by the engine. */
let t: TestDatabase;
let emu: GoogleEmulator;
let w: SyncWorld;
let staff: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startGoogleEmulator({ port: 0 });
  useEmulatorForGoogle(emu);
  w = await brightSmilesWorld(t.db, emu);
  staff = await callerAs(t.db, w.userId);
});
afterAll(async () => {
  await emu?.close();
  await t?.close();
});

describe("sync router", () => {
  let runId: string;

  it("syncNow queues one run per connection and returns the active one on a second press", async () => {
    const first = await staff.sync.syncNow({ clinicId: w.clinicId, connectionId: w.connectionId });
    expect(first).toMatchObject({ status: "queued", alreadyActive: false });
    const second = await staff.sync.syncNow({ clinicId: w.clinicId, connectionId: w.connectionId });
    expect(second).toEqual({ runId: first.runId, status: "queued", alreadyActive: true });
    runId = first.runId;

    const queued = await staff.sync.run({ clinicId: w.clinicId, runId });
    expect(queued).toMatchObject({ status: "queued", trigger: "manual", progress: { phase: "queued" }, createdByName: "Sync Staff", spreadsheetName: expect.stringContaining("Bright Smiles") });
  });

  it("a run is claimed once: a second worker with the same job does nothing", async () => {
    const [a, b] = await Promise.all([runSync(t.db, { runId }), runSync(t.db, { runId })]);
    expect([a.status, b.status].sort()).toEqual(["skipped", "succeeded"]);
    const done = await staff.sync.run({ clinicId: w.clinicId, runId });
    expect(done).toMatchObject({ status: "succeeded", progress: { phase: "done", tabsDone: 3, tabsTotal: 3 }, rowsRejected: 2 });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    // Finished: the next press makes a new run.
    const next = await staff.sync.syncNow({ clinicId: w.clinicId, connectionId: w.connectionId });
    expect(next.runId).not.toBe(runId);
    await runSync(t.db, { runId: next.runId });
  });

  it("lists runs, rejected cells (paged) and the CSV download", async () => {
    const { runs, total } = await staff.sync.runs({ clinicId: w.clinicId });
    expect(total).toBe(2);
    expect(runs[1]!.id).toBe(runId);
    expect((await staff.sync.runs({ clinicId: w.clinicId, connectionId: w.connectionId, limit: 1 })).runs).toHaveLength(1);

    const page = await staff.sync.rejections({ clinicId: w.clinicId, runId, limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toMatchObject([{ sheetName: "Feb-24", rowNumber: 68, columnName: "Date", cellValue: "2/30/2024" }]);

    const csv = await staff.sync.rejectionsCsv({ clinicId: w.clinicId, runId });
    expect(csv.filename).toMatch(/^sync-rejections-bright-smiles-dental-daily-kpis-2024-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Tab,Row,Column,Value,Problem");
    expect(lines[1]).toBe("Jan-24,54,Collections,n/a,“n/a” is not an amount; this value was left out.");
    expect(lines).toHaveLength(3);
  });

  it("lists connections with their last run, and changes the schedule", async () => {
    const [c] = await staff.sync.connections({ clinicId: w.clinicId });
    expect(c).toMatchObject({ id: w.connectionId, syncStatus: "active", syncFrequencyMinutes: 60, activeRunId: null, lastRun: { status: "succeeded", rowsInserted: 0 } });
    expect(await staff.sync.setSchedule({ clinicId: w.clinicId, connectionId: w.connectionId, frequencyMinutes: "off" })).toMatchObject({ syncStatus: "paused" });
    expect(await staff.sync.setSchedule({ clinicId: w.clinicId, connectionId: w.connectionId, frequencyMinutes: 15 })).toMatchObject({ syncStatus: "active", syncFrequencyMinutes: 15 });
    await expect(staff.sync.setSchedule({ clinicId: w.clinicId, connectionId: w.connectionId, frequencyMinutes: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the scheduler queues due connections only, once, and resends orphaned queued runs", async () => {
    const sent: SyncJob[] = [];
    const send = async (job: SyncJob) => {
      sent.push(job);
      return true;
    };
    // Synced a moment ago, every 15 minutes: not due yet.
    expect((await scheduleDueSyncs(t.db, send)).queued).toEqual([]);
    const later = new Date(Date.now() + 16 * 60_000);
    const tick = await scheduleDueSyncs(t.db, send, later);
    expect(tick.queued).toEqual([w.connectionId]);
    expect(sent).toHaveLength(1);
    const scheduled = await staff.sync.run({ clinicId: w.clinicId, runId: sent[0]!.runId });
    expect(scheduled).toMatchObject({ trigger: "schedule", status: "queued" });
    // Due again a tick later, but a run is already queued: no second run; a minute on, it is re-sent.
    expect((await scheduleDueSyncs(t.db, send, later)).queued).toEqual([]);
    const orphanTick = await scheduleDueSyncs(t.db, send, new Date(later.getTime() + 2 * 60_000));
    expect(orphanTick.sent).toBe(1);
    expect(sent.at(-1)!.runId).toBe(sent[0]!.runId);
    // Paused connections are never due.
    await runSync(t.db, { runId: sent[0]!.runId });
    await staff.sync.setSchedule({ clinicId: w.clinicId, connectionId: w.connectionId, frequencyMinutes: "off" });
    expect((await scheduleDueSyncs(t.db, send, new Date(Date.now() + 48 * 3600_000))).queued).toEqual([]);
  });

  it("refuses viewers, and hides other clinics' connections and runs (NOT_FOUND)", async () => {
    const other = await brightSmilesWorld(t.db, emu, { name: "Other Clinic" });
    await t.db.userClinicRole.create({ data: { userId: w.userId, clinicId: other.clinicId, role: "viewer" } });
    await expect(staff.sync.connections({ clinicId: other.clinicId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.sync.syncNow({ clinicId: w.clinicId, connectionId: other.connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.sync.run({ clinicId: w.clinicId, runId: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
