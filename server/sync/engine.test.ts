import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeLargeSheet, startGoogleEmulator, type GoogleEmulator } from "../google/emulator/index.ts";
import { BRIGHT_SMILES_ID } from "../google/emulator/test-helpers.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { createTenantDb } from "../tenancy/tenant-db.ts";
import { runSync, type SyncDeps } from "./engine.ts";
import { requestRun } from "./runs.ts";
import { providerKey } from "../sheets/transform/index.ts";
import { brightSmilesWorld, largeSheetMapping, resetBrightSmiles, useEmulatorForGoogle, type SyncWorld } from "./test-support.ts";

/**
 * The engine against a real database, the Google API emulator and the real googleapis client, with
 * the production credential path (encrypted tokens, getAuthorizedClient). Tests run in order and
 * share one clinic: each starts from the state the previous one left (noted where it matters).
 */
let t: TestDatabase;
let emu: GoogleEmulator;
let w: SyncWorld;

const quick: SyncDeps = { retryPolicy: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200, maxTotalWaitMs: 10_000 } };

async function sync(deps: SyncDeps = quick) {
  const { runId } = await createTenantDb(t.db, w.userId, [w.clinicId]).run((tx) => requestRun(tx, { clinicId: w.clinicId, connectionId: w.connectionId, trigger: "manual", createdBy: w.userId }));
  const outcome = await runSync(t.db, { runId }, deps);
  const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  return { outcome, run };
}

/** Everything a sync may write, as text, to prove "nothing changed". */
async function snapshot(): Promise<string> {
  const { rows } = await t.pool.query(
    `SELECT (SELECT coalesce(json_agg(f ORDER BY id), '[]') FROM financial_metrics f)::text
         || (SELECT coalesce(json_agg(a ORDER BY id), '[]') FROM appointment_metrics a)::text
         || (SELECT coalesce(json_agg(c ORDER BY id), '[]') FROM call_metrics c)::text
         || (SELECT coalesce(json_agg(p ORDER BY id), '[]') FROM patient_metrics p)::text
         || (SELECT coalesce(json_agg(m ORDER BY id), '[]') FROM metric_aggregations m)::text AS s`,
  );
  return rows[0].s as string;
}

/** A run's rejected cells, in order, without the ids and times that differ between runs. */
async function rejectedCells(runId: string) {
  return t.db.syncRejection.findMany({ where: { runId }, orderBy: { id: "asc" }, select: { sheetName: true, rowNumber: true, columnName: true, cellValue: true, reason: true } });
}

async function monthProduction(): Promise<Record<string, string>> {
  const { rows } = await t.pool.query(
    `SELECT to_char(date, 'YYYY-MM') AS month, sum(amount)::text AS total FROM financial_metrics
     WHERE clinic_id = $1 AND metric_type = 'production' GROUP BY 1 ORDER BY 1`,
    [w.clinicId],
  );
  return Object.fromEntries(rows.map((r: { month: string; total: string }) => [r.month, r.total]));
}

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startGoogleEmulator({ port: 0 });
  useEmulatorForGoogle(emu);
  w = await brightSmilesWorld(t.db, emu);
});
afterAll(async () => {
  await emu?.close();
  await t?.close();
});
beforeEach(() => {
  emu.setFaults({});
  emu.stats.reset();
});

describe("runSync", () => {
  it("first sync of the Bright Smiles workbook writes every good row, records the bad cells, and refreshes aggregations", async () => {
    const { outcome, run } = await sync();
    expect(outcome.status).toBe("succeeded");
    expect(run.status).toBe("succeeded");
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.mappingVersion).toBe(1);
    expect(run.rowsRead).toBeGreaterThan(190);
    expect(run.rowsInserted).toBeGreaterThan(600);
    expect(run.rowsUpdated + run.rowsDeleted).toBe(0);
    expect(run.progress).toMatchObject({ phase: "done", tabsDone: 3, tabsTotal: 3 });

    // Production per month equals the sheets' own Total rows, except February's “2/30/2024” row (1,442.08).
    expect(await monthProduction()).toEqual({ "2024-01": "264557.81", "2024-02": "266426.48", "2024-03": "287109.81" });

    const rejections = await t.db.syncRejection.findMany({ where: { runId: run.id }, orderBy: { id: "asc" } });
    expect(run.rowsRejected).toBe(new Set(rejections.map((r) => `${r.sheetName}!${r.rowNumber}`)).size);
    const badDate = rejections.find((r) => r.cellValue === "2/30/2024");
    expect(badDate).toMatchObject({ sheetName: "Feb-24", rowNumber: 68, columnName: "Date", reason: expect.stringMatching(/not a real date.*whole row/) });
    // Lee's collections typed as "n/a": only that value is left out, the rest of the row is imported.
    const na = rejections.find((r) => r.cellValue === "n/a");
    expect(na).toMatchObject({ sheetName: "Jan-24", rowNumber: 54, columnName: "Collections", reason: expect.stringMatching(/left out/) });
    expect(await t.db.financialMetric.count({ where: { clinicId: w.clinicId, date: new Date("2024-01-23"), providerId: w.providers.ortiz } })).toBe(2);
    // In order of the sheet: January before February.
    expect(rejections.findIndex((r) => r.sheetName === "Jan-24")).toBeLessThan(rejections.findIndex((r) => r.sheetName === "Feb-24"));

    // Merged March dates: every provider row of 3/1 got its date.
    const mar1 = await t.db.financialMetric.count({ where: { clinicId: w.clinicId, date: new Date("2024-03-01"), metricType: "production" } });
    expect(mar1).toBe(3);
    // Calls are one clinic-level row per day; adjustments are stored as positive amounts.
    const calls = await t.db.callMetric.findFirstOrThrow({ where: { clinicId: w.clinicId, date: new Date("2024-01-02") } });
    expect(calls).toMatchObject({ staffMemberId: null, callType: "all", totalCalls: 87, answeredCalls: 83, sourceConnectionId: w.connectionId, sourceReference: "Jan-24!4" });
    const adj = await t.db.financialMetric.findFirstOrThrow({ where: { clinicId: w.clinicId, date: new Date("2024-01-02"), providerId: w.providers.chen, metricType: "adjustment" } });
    expect(adj.amount.toString()).toBe("253.83");

    // Aggregations were refreshed inside the same transaction.
    const agg = await t.db.metricAggregation.findFirst({ where: { clinicId: w.clinicId, aggregationType: "month", periodStart: new Date("2024-01-01"), providerId: null } });
    expect(agg?.grossProduction?.toString()).toBe("264557.81");

    const connection = await t.db.spreadsheetConnection.findUniqueOrThrow({ where: { id: w.connectionId } });
    expect(connection.lastSyncAt).not.toBeNull();
    expect(connection.lastError).toBeNull();
  });

  it("a re-sync with no change writes nothing", async () => {
    const before = await snapshot();
    const previous = await t.db.syncRun.findFirstOrThrow({ where: { connectionId: w.connectionId, status: "succeeded" }, orderBy: { createdAt: "desc" } });
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    expect([run.rowsInserted, run.rowsUpdated, run.rowsDeleted]).toEqual([0, 0, 0]);
    expect(run.rowsUnchanged).toBe(previous.rowsInserted);
    expect(await snapshot()).toBe(before);
    // The sheet read as the last run read it, over untouched tables: that run's outcome was repeated.
    expect(run.progress).toMatchObject({ unchangedSheet: true, repeatedRunId: previous.id });
    // …saying what a full run would say: the same rows read and rejected, the same rejected cells.
    expect([run.rowsRead, run.rowsRejected]).toEqual([previous.rowsRead, previous.rowsRejected]);
    expect(await rejectedCells(run.id)).toEqual(await rejectedCells(previous.id));
    expect((await rejectedCells(run.id)).length).toBeGreaterThan(0);
    const tables = (run.progress as { tables: Record<string, { unchanged: number; inserted: number }> }).tables;
    expect(tables.financial).toMatchObject({ inserted: 0, unchanged: (previous.progress as typeof run.progress & { tables: typeof tables }).tables.financial!.inserted });
  });

  it("repeats the last run on another day when no date needed today; with another provider in the clinic it transforms again and still writes nothing", async () => {
    const before = await snapshot();
    const last = await t.db.syncRun.findFirstOrThrow({ where: { connectionId: w.connectionId, status: "succeeded" }, orderBy: { createdAt: "desc" } });
    // Every date of this workbook has its year (or takes it from its month tab): the day does not matter.
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const { run: nextDay } = await sync({ ...quick, now: () => tomorrow });
    expect(nextDay.progress).toMatchObject({ unchangedSheet: true, repeatedRunId: last.id, fingerprint: { day: null } });
    const extra = await t.db.provider.create({ data: { name: "Visiting Hygienist", clinicId: w.clinicId }, select: { id: true } });
    try {
      const { run: newProvider } = await sync();
      expect(newProvider.progress).toMatchObject({ unchangedSheet: true });
      expect((newProvider.progress as { repeatedRunId?: string }).repeatedRunId).toBeUndefined();
      expect([newProvider.rowsInserted, newProvider.rowsUpdated, newProvider.rowsDeleted]).toEqual([0, 0, 0]);
      // The run that transformed recorded the same rejected cells as the repeated one.
      expect(await rejectedCells(newProvider.id)).toEqual(await rejectedCells(nextDay.id));
    } finally {
      await t.db.provider.delete({ where: { id: extra.id } });
    }
    expect(await snapshot()).toBe(before);
  });

  it("a metric row changed outside the sync (here: deleted) makes the next unchanged sync write it back", async () => {
    const key = { clinicId: w.clinicId, date: new Date("2024-01-03"), providerId: w.providers.chen, metricType: "production" };
    const original = await t.db.financialMetric.findFirstOrThrow({ where: key });
    await t.pool.query(`DELETE FROM financial_metrics WHERE id = $1`, [original.id]);
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    expect((run.progress as { unchangedSheet?: boolean }).unchangedSheet).toBe(false);
    expect([run.rowsInserted, run.rowsUpdated, run.rowsDeleted]).toEqual([1, 0, 0]);
    const restored = await t.db.financialMetric.findFirstOrThrow({ where: key });
    expect(restored.amount.toString()).toBe(original.amount.toString());
    expect(restored.sourceReference).toBe(original.sourceReference);
    // The sheet read the same, but the tables did not: the run was not a repeat of the last one.
    expect((run.progress as { repeatedRunId?: string }).repeatedRunId).toBeUndefined();
    // And the run after that repeats it.
    const { run: next } = await sync();
    expect(next.progress).toMatchObject({ unchangedSheet: true, repeatedRunId: run.id });
    expect([next.rowsInserted, next.rowsUpdated, next.rowsDeleted]).toEqual([0, 0, 0]);
    expect(next.rowsUnchanged).toBe(run.rowsInserted + run.rowsUnchanged);
  });

  it("changed cells update exactly the rows they feed", async () => {
    emu.state.setCell(BRIGHT_SMILES_ID, "Jan-24", "C4", 4000); // Chen 1/2 production 3318.93 → 4000
    emu.state.setCell(BRIGHT_SMILES_ID, "Jan-24", "F5", 11); // Patel 1/2 scheduled 10 → 11
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    expect([run.rowsInserted, run.rowsUpdated, run.rowsDeleted]).toEqual([0, 2, 0]);
    const row = await t.db.financialMetric.findFirstOrThrow({ where: { clinicId: w.clinicId, date: new Date("2024-01-02"), providerId: w.providers.chen, metricType: "production" } });
    expect(row.amount.toString()).toBe("4000");
    const appt = await t.db.appointmentMetric.findFirstOrThrow({ where: { clinicId: w.clinicId, date: new Date("2024-01-02"), providerId: w.providers.patel } });
    expect(appt.scheduledCount).toBe(11);
    const agg = await t.db.metricAggregation.findFirstOrThrow({ where: { clinicId: w.clinicId, aggregationType: "month", periodStart: new Date("2024-01-01"), providerId: null } });
    expect(agg.grossProduction?.toString()).toBe((264557.81 - 3318.93 + 4000).toFixed(2));
  });

  it("rows deleted from the sheet are deleted, and rows that only moved up are unchanged", async () => {
    const patelJan2 = { clinicId: w.clinicId, date: new Date("2024-01-02"), providerId: w.providers.patel };
    expect(await t.db.financialMetric.count({ where: patelJan2 })).toBe(3);
    emu.state.deleteRow(BRIGHT_SMILES_ID, "Jan-24", 5); // Dr. Patel, 1/2
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    // production, adjustment, collection + appointments + patients of that row.
    expect(run.rowsDeleted).toBe(5);
    expect([run.rowsInserted, run.rowsUpdated]).toEqual([0, 0]);
    expect(await t.db.financialMetric.count({ where: patelJan2 })).toBe(0);
    expect(await t.db.appointmentMetric.count({ where: patelJan2 })).toBe(0);
    // The row below moved from 6 to 5: same numbers, new position.
    const ortiz = await t.db.financialMetric.findFirstOrThrow({ where: { clinicId: w.clinicId, date: new Date("2024-01-02"), providerId: w.providers.ortiz, metricType: "production" } });
    expect(ortiz.sourceReference).toBe("Jan-24!5");
  });

  it("never touches rows written by another source, and reports the clash", async () => {
    resetBrightSmiles(emu);
    // A manual entry for a day and provider the sheet also has, and one for a day the sheet does not have.
    await t.pool.query(`DELETE FROM financial_metrics WHERE clinic_id = $1 AND date = '2024-01-03' AND provider_id = $2 AND metric_type = 'production'`, [w.clinicId, w.providers.chen]);
    await t.pool.query(
      `INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount) VALUES
         ('manual-1', $1, '2024-01-03', $2, 'production', 1.00), ('manual-2', $1, '2024-01-20', $2, 'production', 2.00)`,
      [w.clinicId, w.providers.chen],
    );
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    const manual = await t.pool.query(`SELECT id, amount::text FROM financial_metrics WHERE id LIKE 'manual-%' ORDER BY id`);
    expect(manual.rows).toEqual([{ id: "manual-1", amount: "1.00" }, { id: "manual-2", amount: "2.00" }]);
    const clash = await t.db.syncRejection.findFirst({ where: { runId: run.id, reason: { contains: "another source" } } });
    expect(clash).toMatchObject({ sheetName: "Jan-24", rowNumber: 7 });
    await t.pool.query(`DELETE FROM financial_metrics WHERE id LIKE 'manual-%'`);
  });

  it("honours Retry-After on 429 and then succeeds", async () => {
    await sync(); // settle (re-inserts the row the clash test kept out)
    emu.stats.reset();
    emu.setFaults({ sheets: { status: 429, retryAfterSeconds: 1, times: 2 } });
    const waits: number[] = [];
    const { run } = await sync({ ...quick, retryHooks: { onRetry: ({ delayMs }) => void waits.push(delayMs) } });
    expect(run.status).toBe("succeeded");
    expect(emu.stats.faults.sheets).toBe(2);
    expect(emu.stats.calls.sheets).toBe(2 + 2); // spreadsheets.get + one batchGet, plus the two refused calls
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(1000);
    expect([run.rowsInserted, run.rowsUpdated, run.rowsDeleted]).toEqual([0, 0, 0]);
  });

  it("a 500 in the middle of a run (after retries) writes nothing and fails the run", async () => {
    emu.state.setCell(BRIGHT_SMILES_ID, "Jan-24", "C4", 5000); // would be an update
    const before = await snapshot();
    emu.setFaults({ sheets: { failAfterCalls: 2, status: 500 } }); // get + the first tab succeed, then every call fails
    const { outcome, run } = await sync({ ...quick, tabsPerBatch: 1 });
    expect(outcome.status).toBe("failed");
    expect(run.status).toBe("failed");
    expect(run.errorMessage).toMatch(/Google Sheets had a problem on its side \(HTTP 500\) after 4 tries\. Nothing was changed/);
    expect(run.progress).toMatchObject({ phase: "failed", tabsDone: 1, tabsTotal: 3 });
    expect(emu.stats.faults.sheets).toBe(4);
    expect(await snapshot()).toBe(before);
    const connection = await t.db.spreadsheetConnection.findUniqueOrThrow({ where: { id: w.connectionId } });
    expect(connection.syncStatus).toBe("active");
    expect(connection.lastError).toBe(run.errorMessage);
  });

  it("a failure inside the write transaction (transform crash or aggregation error) leaves everything as it was", async () => {
    const before = await snapshot();
    const crash = await sync({
      ...quick,
      transformTab: () => {
        throw new TypeError("boom");
      },
    });
    expect(crash.run.status).toBe("failed");
    expect(crash.run.errorMessage).toMatch(/unexpected error/);
    const late = await sync({ ...quick, refreshAggregations: async () => Promise.reject(new Error("aggregation broke")) });
    expect(late.run.status).toBe("failed");
    expect(await t.db.syncRejection.count({ where: { runId: late.run.id } })).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it("refreshes an expired access token and carries on", async () => {
    const before = await t.db.googleCredential.findUniqueOrThrow({ where: { id: w.credentialId } });
    emu.state.expireAccessTokens();
    const { run } = await sync();
    expect(run.status).toBe("succeeded");
    expect(run.rowsUpdated).toBe(1); // the C4 change from the 500 test lands now
    expect(emu.stats.calls.token).toBeGreaterThanOrEqual(1);
    const after = await t.db.googleCredential.findUniqueOrThrow({ where: { id: w.credentialId } });
    expect(after.accessToken).not.toBe(before.accessToken); // the new token was stored (encrypted)
    expect(after.status).toBe("active");
  });

  it("a revoked grant fails the run, marks the connection for reconnection, and writes nothing", async () => {
    emu.state.setCell(BRIGHT_SMILES_ID, "Jan-24", "C4", 6000);
    const before = await snapshot();
    emu.state.revokeAll();
    const { run } = await sync();
    expect(run.status).toBe("failed");
    expect(run.errorMessage).toMatch(/revoked or expired\. Reconnect Google/);
    const connection = await t.db.spreadsheetConnection.findUniqueOrThrow({ where: { id: w.connectionId } });
    expect(connection.syncStatus).toBe("error");
    expect(connection.lastError).toMatch(/Reconnect Google/);
    const credential = await t.db.googleCredential.findUniqueOrThrow({ where: { id: w.credentialId } });
    expect(credential.status).toBe("needs_reauth");
    expect(await snapshot()).toBe(before);
  });
});

describe("runSync with objects of another clinic (data a bug or a hand edit could leave)", () => {
  it("a connection naming another clinic's Google account fails the run before any call to Google, writing nothing", async () => {
    const other = await brightSmilesWorld(t.db, emu, { name: "Other Dental" });
    await t.db.spreadsheetConnection.update({ where: { id: w.connectionId }, data: { credentialId: other.credentialId } });
    try {
      const before = await snapshot();
      const googleCalls = emu.stats.total;
      const { run } = await sync();
      expect(run.status).toBe("failed");
      expect(run.errorMessage).toMatch(/Google connection no longer exists/);
      expect(emu.stats.total).toBe(googleCalls);
      expect(await snapshot()).toBe(before);
    } finally {
      await t.db.spreadsheetConnection.update({ where: { id: w.connectionId }, data: { credentialId: w.credentialId } });
    }
  });

  it("a run recorded for another clinic than its connection's syncs nothing", async () => {
    const other = await brightSmilesWorld(t.db, emu, { name: "Third Dental" });
    const before = await snapshot();
    const googleCalls = emu.stats.total;
    const run = await t.db.syncRun.create({ data: { clinicId: other.clinicId, connectionId: w.connectionId, trigger: "manual", createdBy: other.userId } });
    await runSync(t.db, { runId: run.id }, quick);
    const after = await t.db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe("failed");
    expect(after.errorMessage).toMatch(/connection no longer exists/);
    expect(emu.stats.total).toBe(googleCalls);
    expect(await snapshot()).toBe(before);
  });
});

describe("runSync with dates typed without a year", () => {
  it("repeats the last run only on the day it ran, because a date without a year takes the year nearest today", async () => {
    const sheet = makeLargeSheet(10, { id: "yearless-dates", sheetTitle: "Data" });
    emu.state.putSpreadsheet(sheet);
    emu.state.setCell(sheet.id, "Data", "A2", "12/30"); // no year, and "Data" is not a month tab
    const world = await brightSmilesWorld(t.db, emu, {
      name: "Yearless Dental",
      spreadsheetId: sheet.id,
      mapping: (p) => largeSheetMapping({ [providerKey("Maria Chen")]: p.chen, [providerKey("Sam Patel")]: p.patel, [providerKey("Hyg. Lee Ortiz")]: p.ortiz }),
    });
    const runOn = async (iso: string) => {
      const { runId } = await createTenantDb(t.db, world.userId, [world.clinicId]).run((tx) =>
        requestRun(tx, { clinicId: world.clinicId, connectionId: world.connectionId, trigger: "manual", createdBy: world.userId }),
      );
      await runSync(t.db, { runId }, { ...quick, now: () => new Date(`${iso}T12:00:00Z`) });
      return t.db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    };
    const first = await runOn("2027-01-01");
    expect(first.status).toBe("succeeded");
    expect(first.progress).toMatchObject({ fingerprint: { day: "2027-01-01" } });
    // "12/30" seen on 2027-01-01 is the day before yesterday, not next December.
    const chen = await t.db.financialMetric.findFirst({ where: { clinicId: world.clinicId, date: new Date("2026-12-30"), metricType: "production" } });
    expect(chen).not.toBeNull();
    const sameDay = await runOn("2027-01-01");
    expect(sameDay.progress).toMatchObject({ repeatedRunId: first.id });
    const nextDay = await runOn("2027-01-02");
    expect(nextDay.progress).toMatchObject({ unchangedSheet: true, fingerprint: { day: "2027-01-02" } });
    expect((nextDay.progress as { repeatedRunId?: string }).repeatedRunId).toBeUndefined();
    expect([nextDay.rowsInserted, nextDay.rowsUpdated, nextDay.rowsDeleted]).toEqual([0, 0, 0]);
  });
});
