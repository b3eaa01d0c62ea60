import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { codeFingerprint, hashSourceTree, recordedFingerprint, sameSource, sourceHasher, type SourceContext, type SourceTab } from "./unchanged-sheet.ts";

const context: SourceContext = { code: "code-1", mapping: { headerRow: 3, columns: [{ index: 0, field: "date" }] }, providerIds: ["p1", "p2"] };
const tabs: SourceTab[] = [
  { title: "Jan-24", merges: [], values: [["Date", "Production"], [45293, "$1,234.56"], ["1/3/2024", "(12.00)"]] },
  { title: "Feb-24", merges: [{ startRowIndex: 3, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 1 }], values: [["Date", "Production"], [45324, 10]] },
];

function digest(ctx: SourceContext, input: SourceTab[]): string {
  const h = sourceHasher(ctx);
  for (const tab of input) h.addTab(tab);
  return h.digest();
}

describe("sourceHasher", () => {
  const base = digest(context, tabs);

  it("gives the same hash for the same input, whatever the order of the provider ids", () => {
    expect(digest({ ...context, providerIds: new Set(["p2", "p1"]) }, structuredClone(tabs))).toBe(base);
  });

  it.each<[string, SourceContext, SourceTab[]]>([
    ["other server code", { ...context, code: "code-2" }, tabs],
    ["another mapping", { ...context, mapping: { headerRow: 4, columns: [{ index: 0, field: "date" }] } }, tabs],
    ["a provider more", { ...context, providerIds: ["p1", "p2", "p3"] }, tabs],
    ["a renamed tab", context, [{ ...tabs[0]!, title: "January-24" }, tabs[1]!]],
    ["a changed merge", context, [tabs[0]!, { ...tabs[1]!, merges: [] }]],
    ["one changed cell", context, [{ ...tabs[0]!, values: [["Date", "Production"], [45293, "$1,234.57"], ["1/3/2024", "(12.00)"]] }, tabs[1]!]],
    ["a number typed as text", context, [{ ...tabs[0]!, values: [["Date", "Production"], ["45293", "$1,234.56"], ["1/3/2024", "(12.00)"]] }, tabs[1]!]],
    ["the same cells split into other rows", context, [{ ...tabs[0]!, values: [["Date", "Production", 45293], ["$1,234.56"], ["1/3/2024", "(12.00)"]] }, tabs[1]!]],
    ["a row moved to the next tab", context, [{ ...tabs[0]!, values: tabs[0]!.values.slice(0, 2) }, { ...tabs[1]!, values: [tabs[0]!.values[2]!, ...tabs[1]!.values] }]],
    ["a tab fewer", context, [tabs[0]!]],
  ])("changes with %s", (_what, ctx, input) => {
    expect(digest(ctx, input)).not.toBe(base);
  });
});

describe("hashSourceTree", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function tree(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cp-source-tree-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "sheets", "transform"), { recursive: true });
    mkdirSync(path.join(dir, "db", "generated"), { recursive: true });
    writeFileSync(path.join(dir, "sheets", "transform", "currency.ts"), "export const parse = (s: string) => s;\n");
    writeFileSync(path.join(dir, "sheets", "transform", "currency.test.ts"), "test\n");
    writeFileSync(path.join(dir, "db", "generated", "client.ts"), "generated\n");
    return dir;
  }

  it("changes when a source file changes, and only then", async () => {
    const dir = tree();
    const first = await hashSourceTree(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashSourceTree(dir)).toBe(first);
    // Tests and the generated client are not the code that reads cells.
    writeFileSync(path.join(dir, "sheets", "transform", "currency.test.ts"), "another test\n");
    writeFileSync(path.join(dir, "db", "generated", "client.ts"), "regenerated\n");
    expect(await hashSourceTree(dir)).toBe(first);
    writeFileSync(path.join(dir, "sheets", "transform", "currency.ts"), "export const parse = (s: string) => s.trim();\n");
    expect(await hashSourceTree(dir)).not.toBe(first);
  });

  it("hashes this project's server code (not the fallback)", async () => {
    expect(await codeFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("falls back to an id of this process when the sources cannot be read", async () => {
    const missing = path.join(os.tmpdir(), "cp-no-such-dir-for-sure");
    const a = await hashSourceTree(missing);
    expect(a).toMatch(/^process-[0-9a-f]{32}$/);
    expect(await hashSourceTree(missing)).not.toBe(a);
  });
});

describe("recordedFingerprint", () => {
  it("reads fingerprints recorded before the source hash existed, with no source and an unknown day", () => {
    expect(recordedFingerprint({ fingerprint: { content: "c", tables: "t" } })).toEqual({ content: "c", tables: "t", source: null, day: "unknown" });
    expect(recordedFingerprint({ fingerprint: { content: "c", tables: "t", source: "s", day: null } })).toEqual({ content: "c", tables: "t", source: "s", day: null });
    expect(recordedFingerprint({ fingerprint: { content: "c", tables: "t", source: "s", day: "2026-11-26" } })).toMatchObject({ day: "2026-11-26" });
    expect(recordedFingerprint({ fingerprint: null })).toBeNull();
    expect(recordedFingerprint(null)).toBeNull();
  });
});

describe("sameSource", () => {
  const recorded = (day: string | null) => ({ content: "c", tables: "t", source: "s", day });
  it("holds on any day for a run whose transform never needed today", () => {
    expect(sameSource(recorded(null), "s", "2026-11-26")).toBe(true);
    expect(sameSource(recorded(null), "s", "2027-01-01")).toBe(true);
  });
  it("holds only on the same day for a run whose transform resolved a year-less date", () => {
    expect(sameSource(recorded("2026-11-26"), "s", "2026-11-26")).toBe(true);
    expect(sameSource(recorded("2026-11-26"), "s", "2026-11-27")).toBe(false);
  });
  it("never holds for another source, no recorded run, or a fingerprint from before the day was recorded", () => {
    expect(sameSource(recorded(null), "other", "2026-11-26")).toBe(false);
    expect(sameSource(null, "s", "2026-11-26")).toBe(false);
    expect(sameSource(recordedFingerprint({ fingerprint: { content: "c", tables: "t", source: "s" } }), "s", "2026-11-26")).toBe(false);
  });
});
