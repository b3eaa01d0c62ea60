// Sanity checks on the bundled fixtures: they load, dates are real 2024 dates on the right weekdays, values are plausible.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dateOfCell, formattedValue } from "./cells.ts";
import { BUNDLED_FIXTURES_DIR, FixtureError, loadFixtures } from "./fixtures.ts";
import { makeLargeSheet } from "./large-sheet.ts";
import { startGoogleEmulator, type GoogleEmulator } from "./server.ts";
import type { StoredSheet } from "./types.ts";

const fx = loadFixtures(BUNDLED_FIXTURES_DIR);
const byTitle = (title: string) => fx.spreadsheets.find((s) => s.title === title);
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function dateCells(sheet: StoredSheet): Date[] {
  return sheet.rows.flatMap((row) => row.map((c) => dateOfCell(c)).filter((d): d is Date => d !== undefined));
}

describe("bundled fixtures", () => {
  it("load: 4 spreadsheets (one trashed), 4 other Drive files, 3 accounts, no registered clients", () => {
    expect(fx.spreadsheets.map((s) => s.title).sort()).toEqual([
      "Bright Smiles Dental – Daily KPIs 2023 (old copy)",
      "Bright Smiles Dental – Daily KPIs 2024",
      "Front Desk Calls",
      "Lakeside Family Dentistry – Collections",
    ]);
    expect(fx.spreadsheets.filter((s) => s.trashed)).toHaveLength(1);
    expect(fx.driveFiles).toHaveLength(4);
    expect(fx.accounts.map((a) => a.email)).toContain("demo.owner@clinicpulse.test");
    expect(fx.clients).toEqual([]);
  });

  it("every date in the 2024 workbooks is a real 2024 date and never a Sunday", () => {
    for (const title of ["Bright Smiles Dental – Daily KPIs 2024", "Front Desk Calls", "Lakeside Family Dentistry – Collections"]) {
      const ss = byTitle(title);
      expect(ss).toBeDefined();
      const dates = (ss?.sheets ?? []).filter((s) => s.title !== "Lookups").flatMap(dateCells);
      expect(dates.length).toBeGreaterThan(50);
      for (const d of dates) {
        expect(d.getUTCFullYear()).toBe(2024);
        if (!(title === "Front Desk Calls" && d.toISOString().startsWith("2024-01-01"))) expect(d.getUTCDay()).not.toBe(0);
      }
    }
  });

  it("the Front Desk 'Day' column matches each date's weekday and there is one row per open day", () => {
    const log = byTitle("Front Desk Calls")?.sheets[0];
    const rows = (log?.rows ?? []).slice(1);
    expect(rows.length).toBe(90 - 12); // Jan 1 – Mar 30 (90 days) minus 12 Sundays
    for (const row of rows) {
      const d = dateOfCell(row[0]);
      expect(d).toBeDefined();
      expect(row[1]?.v).toBe(DAY_NAMES[d?.getUTCDay() ?? -1]);
    }
  });

  it("Bright Smiles month tabs: header on row 3, Total row last, plausible production per provider", () => {
    const ss = byTitle("Bright Smiles Dental – Daily KPIs 2024");
    for (const title of ["Jan-24", "Feb-24", "Mar-24"]) {
      const sheet = ss?.sheets.find((s) => s.title === title);
      const rows = sheet?.rows ?? [];
      expect(rows[2]?.[0]?.v).toBe("Date");
      const totalIdx = rows.findIndex((r) => r[0]?.v === "Total");
      expect(totalIdx).toBeGreaterThan(50);
      for (const row of rows.slice(3, totalIdx)) {
        if (row.length === 0) continue;
        const gross = row[2]?.v;
        expect(typeof gross).toBe("number");
        const provider = String(row[1]?.v);
        if (gross === 0) continue; // the sick day
        if (provider.startsWith("Hyg")) expect(gross).toBeGreaterThanOrEqual(1000);
        else expect(gross).toBeGreaterThanOrEqual(1500);
        expect(gross).toBeLessThanOrEqual(8000);
        expect(formattedValue(row[2] as NonNullable<(typeof row)[number]>)).toMatch(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
      }
    }
  });
});

describe("loading from a directory", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gemu-"));
  let emu: GoogleEmulator | undefined;
  afterAll(async () => {
    await emu?.close();
  });

  it("fixturesDir replaces the bundled fixtures and validates files", async () => {
    writeFileSync(path.join(dir, "one.json"), JSON.stringify({ id: "one", title: "One", modifiedTime: "2024-01-01T00:00:00Z", sheets: [{ title: "S", rows: [["a"]] }] }));
    emu = await startGoogleEmulator({ port: 0, fixturesDir: dir });
    expect([...emu.state.data.spreadsheets.keys()]).toEqual(["one"]);
    writeFileSync(path.join(dir, "two.json"), JSON.stringify({ id: "two", title: "Two", modifiedTime: "yesterday", sheets: [] }));
    expect(() => loadFixtures(dir)).toThrow(FixtureError);
    expect(() => loadFixtures(path.join(dir, "missing"))).toThrow(/not found/);
  });
});

describe("makeLargeSheet", () => {
  it("builds N data rows after a header, Mon–Sat dates only", () => {
    const big = makeLargeSheet(50_000);
    const sheet = big.sheets[0];
    expect(sheet?.rows).toHaveLength(50_001);
    expect(sheet?.rowCount).toBe(50_001);
    expect(sheet?.rows[0]?.[0]).toBe("Date");
    const serials = (sheet?.rows ?? []).slice(1).map((r) => r[0] as number);
    expect(serials.every((s) => s % 7 !== 1)).toBe(true); // serial % 7 === 1 is a Sunday
    expect(makeLargeSheet(10)).toEqual(makeLargeSheet(10)); // deterministic
  });
});
