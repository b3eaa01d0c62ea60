/**
 * The unchanged-sheet shortcut. An hourly sync of a sheet nobody touched is the common case; the
 * full write (stage every row, compare it with the table, count what the deleted-rows rule could
 * remove) costs seconds on a large sheet even though it writes nothing. So every successful run
 * records two fingerprints in its progress:
 *
 *  - content: a hash of what the sheet produced after the transform — the mapping, every metric
 *    row (values and sheet positions), the tab spans the deleted-rows rule covers, and the rejected
 *    cells;
 *  - tables: per metric table, the number of the clinic's rows and their latest updated_at, read
 *    inside the write transaction after writing, so it describes exactly what that run committed.
 *
 * A run whose content equals the last successful run's, over tables whose fingerprint (read in its
 * own write transaction) also still equals it, has nothing to write: the full write would find every
 * row unchanged. Any change to the clinic's metric rows by anything (another connection, a data
 * migration, a deletion) changes the tables fingerprint, so the run then takes the full path. A run
 * that met rows of another source (conflicts) records no fingerprint and is never skipped.
 *
 * A third fingerprint lets the next run skip the transform as well:
 *
 *  - source: a hash of everything the transform's output depends on — the server code that does
 *    it, the mapping, the clinic's provider ids, and every tab's title, merges and raw cell values
 *    as Google sent them;
 *  - day: the one input outside the sheet. A date typed without a year (outside a month tab) takes
 *    the year nearest today, so a run whose transform asked for today records the day it used;
 *    a run that never asked records null, and its outcome holds on any day.
 *
 * Equal source (and, if the recorded run asked for today, the same day) means the transform would
 * produce the same rows, rejections and counts as the run that recorded it, so a run like that over
 * unchanged tables repeats that run's outcome (repeat-run.ts) without transforming anything.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TenantTx } from "../tenancy/tenant-db.ts";
import { METRIC_ROW_KINDS, type MetricRows } from "./metric-rows.ts";
import type { Rejection } from "./transform-rows.ts";
import type { TabSpan } from "./write.ts";

export interface SyncFingerprint {
  content: string;
  tables: string;
  /** Null in fingerprints recorded before the source hash existed. */
  source: string | null;
  /** The day (YYYY-MM-DD, UTC) the run's transform used for year-less dates; null: it used none. */
  day: string | null;
}

const FINGERPRINT_CHUNK = 2_000;

export function contentFingerprint(input: { mapping: unknown; rows: MetricRows; spans: readonly TabSpan[]; rejections: readonly Rejection[] }): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(input.mapping));
  for (const table of METRIC_ROW_KINDS) {
    hash.update(`\u0000${table}`);
    // The rows' JSON one after another, handed to the hash in chunks: one update per row crossed
    // into native code 260,000 times on a 50,000-row sheet.
    const rows = input.rows[table];
    for (let i = 0; i < rows.length; i += FINGERPRINT_CHUNK) {
      let text = "";
      for (const row of rows.slice(i, i + FINGERPRINT_CHUNK)) text += JSON.stringify(row);
      hash.update(text);
    }
  }
  hash.update(JSON.stringify(input.spans));
  hash.update(JSON.stringify(input.rejections));
  return hash.digest("hex");
}

const TABLES = ["financial_metrics", "appointment_metrics", "call_metrics", "patient_metrics"] as const;

/** Per metric table: how many rows the clinic has and when the latest was written. */
export async function tablesFingerprint(tx: TenantTx, clinicId: string): Promise<string> {
  const parts = TABLES.map((t) => `(SELECT count(*) || '@' || coalesce(max(updated_at)::text, '-') FROM ${t} WHERE clinic_id = $1)`);
  const [row] = await tx.$queryRawUnsafe<{ f: string }[]>(`SELECT ${parts.join(" || '|' || ")} AS f`, clinicId);
  return row?.f ?? "";
}

/** The fingerprint the connection's last successful run recorded, if any. */
export function recordedFingerprint(progress: unknown): SyncFingerprint | null {
  const f = (progress as { fingerprint?: Partial<SyncFingerprint> } | null)?.fingerprint;
  if (!f || typeof f.content !== "string" || typeof f.tables !== "string") return null;
  // A fingerprint without `day` predates it: treat it as bound to a day that never comes back.
  const day = typeof f.day === "string" || f.day === null ? f.day : "unknown";
  return { content: f.content, tables: f.tables, source: typeof f.source === "string" ? f.source : null, day };
}

/** True when a run that read `source` on `today` would repeat the run that recorded `recorded`. */
export function sameSource(recorded: SyncFingerprint | null, source: string, today: string): boolean {
  return recorded !== null && recorded.source === source && (recorded.day === null || recorded.day === today);
}

export interface SourceContext {
  /** The server code's fingerprint (codeFingerprint()). */
  code: string;
  mapping: unknown;
  providerIds: Iterable<string>;
}

export interface SourceTab {
  title: string;
  merges: unknown;
  values: readonly (readonly unknown[])[];
}

/** Hashes a run's source tab by tab as the tabs arrive, so no second copy of the cells is needed. */
export function sourceHasher(context: SourceContext): { addTab(tab: SourceTab): void; digest(): string } {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([context.code, context.mapping, [...context.providerIds].sort()]));
  return {
    addTab(tab) {
      hash.update(`\u0000${JSON.stringify([tab.title, tab.merges, tab.values.length])}`);
      for (let i = 0; i < tab.values.length; i += FINGERPRINT_CHUNK) {
        let text = "";
        for (const row of tab.values.slice(i, i + FINGERPRINT_CHUNK)) text += `${JSON.stringify(row)}\n`;
        hash.update(text);
      }
    },
    digest: () => hash.digest("hex"),
  };
}

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));
let serverCode: Promise<string> | null = null;

/** The fingerprint of this process's server code, computed once (the code cannot change under a running process). */
export function codeFingerprint(): Promise<string> {
  serverCode ??= hashSourceTree(SERVER_DIR);
  return serverCode;
}

/**
 * A hash of every source file under `dir` (tests and the generated Prisma client left out), so a
 * deploy that changes how cells are read invalidates every recorded source fingerprint once. Where
 * the sources cannot be read, a random id: the shortcut then holds only within this process.
 */
export async function hashSourceTree(dir: string): Promise<string> {
  try {
    const entries = await readdir(dir, { recursive: true });
    const files = entries
      .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !/\.test\.[a-z]+$/.test(f) && !f.split(path.sep).includes("generated"))
      .sort();
    if (files.length === 0) throw new Error(`no source files under ${dir}`);
    const hash = createHash("sha256");
    for (const file of files) hash.update(`\u0000${file}\u0000`).update(await readFile(path.join(dir, file)));
    return hash.digest("hex");
  } catch {
    return `process-${randomBytes(16).toString("hex")}`;
  }
}
