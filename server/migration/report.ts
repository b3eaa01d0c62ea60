import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Check } from "./checks.ts";
import type { OrphanGroup, Relation } from "./orphans.ts";
import { rows, type PgClient } from "./sql.ts";
import type { ClinicCounts, StepDetails } from "./steps.ts";

/** The data migration's report: what was read, migrated and skipped (per table and clinic), and the checks. */
export interface MigrationReport {
  ok: boolean;
  dryRun: boolean;
  validateOnly: boolean;
  started: string;
  finished: string;
  stepsRunNow: string[];
  steps: { step: string; read: number; migrated: number; skipped: number; startedAt: string; finishedAt: string; written: Record<string, number>; notes: Record<string, number> }[];
  /** table → clinic id ("" = none) → counts. */
  tables: Record<string, Record<string, ClinicCounts & { clinicName: string | null }>>;
  issues: { code: string; severity: string; count: number; examples: { sourceTable: string; sourceId: string | null; clinicId: string | null; message: string; rawValue: string | null }[] }[];
  checks: Check[];
  orphansBefore: OrphanGroup[];
  removedOrphans: { relation: Relation; action: string; rows: Record<string, unknown>[] }[];
}

export async function buildReport(
  client: PgClient,
  input: {
    started: Date;
    finished: Date;
    dryRun: boolean;
    validateOnly: boolean;
    ranNow: string[];
    steps: { step: string; details: StepDetails | null; rows_read: number; rows_migrated: number; rows_skipped: number; started_at: Date; finished_at: Date }[];
    checks: Check[];
    orphansBefore: OrphanGroup[];
    removedOrphans: { relation: Relation; action: string; rows: Record<string, unknown>[] }[];
    hasPhase4: boolean;
  },
): Promise<MigrationReport> {
  const names = new Map((await rows<{ id: string; name: string }>(client, `SELECT id, name FROM clinics`)).map((c) => [c.id, c.name]));
  const tables: MigrationReport["tables"] = {};
  for (const s of input.steps) {
    if (!s.details || s.details.table === "metric_aggregations") continue;
    const t = (tables[s.details.table] ??= {});
    for (const [clinic, c] of Object.entries(s.details.clinics)) {
      const into = (t[clinic] ??= { read: 0, migrated: 0, skipped: {}, clinicName: clinic ? (names.get(clinic) ?? null) : null });
      into.read += c.read;
      into.migrated += c.migrated;
      for (const [reason, n] of Object.entries(c.skipped)) into.skipped[reason] = (into.skipped[reason] ?? 0) + n;
    }
  }
  const issues: MigrationReport["issues"] = [];
  if (input.hasPhase4) {
    const groups = await rows<{ code: string; severity: string; n: number }>(
      client,
      `SELECT code, severity, count(*)::int AS n FROM data_migration_issues GROUP BY code, severity ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, code`,
    );
    for (const g of groups) {
      const examples = await rows<{ source_table: string; source_id: string | null; clinic_id: string | null; message: string; raw_value: string | null }>(
        client,
        `SELECT source_table, source_id, clinic_id, message, raw_value FROM data_migration_issues WHERE code = $1 AND severity = $2 ORDER BY source_table, source_id LIMIT 50`,
        [g.code, g.severity],
      );
      issues.push({
        code: g.code,
        severity: g.severity,
        count: g.n,
        examples: examples.map((e) => ({ sourceTable: e.source_table, sourceId: e.source_id, clinicId: e.clinic_id, message: e.message, rawValue: e.raw_value })),
      });
    }
  }
  return {
    ok: input.checks.every((c) => c.ok || c.severity !== "error"),
    dryRun: input.dryRun,
    validateOnly: input.validateOnly,
    started: input.started.toISOString(),
    finished: input.finished.toISOString(),
    stepsRunNow: input.ranNow,
    steps: input.steps.map((s) => ({
      step: s.step,
      read: s.rows_read,
      migrated: s.rows_migrated,
      skipped: s.rows_skipped,
      startedAt: new Date(s.started_at).toISOString(),
      finishedAt: new Date(s.finished_at).toISOString(),
      written: s.details?.written ?? {},
      notes: s.details?.notes ?? {},
    })),
    tables,
    issues,
    checks: input.checks,
    orphansBefore: input.orphansBefore,
    removedOrphans: input.removedOrphans,
  };
}

const esc = (s: unknown) => String(s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(r: MigrationReport): string {
  const out: string[] = [];
  const mode = r.validateOnly ? " (validation only)" : r.dryRun ? " (dry run: nothing was written)" : "";
  out.push(`# Data migration report${mode}`, "");
  out.push(`**Result: ${r.ok ? "PASSED" : "FAILED"}** — ${r.checks.filter((c) => !c.ok && c.severity === "error").length} failed check(s), ${r.checks.filter((c) => !c.ok && c.severity === "warning").length} warning(s).`, "");
  out.push(`Started ${r.started}, finished ${r.finished}. Steps run now: ${r.stepsRunNow.length ? r.stepsRunNow.length : "none (everything was done earlier)"}.`, "");

  out.push("## Checks", "", "| | Check | Result |", "|---|---|---|");
  for (const c of r.checks) {
    const mark = c.skipped ? "–" : c.ok ? "✅" : c.severity === "error" ? "❌" : "⚠️";
    out.push(`| ${mark} | ${esc(c.title)} | ${esc(c.summary)} |`);
  }
  out.push("");
  for (const c of r.checks.filter((c) => !c.ok && c.examples?.length)) {
    out.push(`### ${c.title}`, "", "```", ...c.examples!.map((e) => (typeof e === "string" ? e : JSON.stringify(e))), "```", "");
  }

  out.push("## Rows per table and clinic", "");
  for (const [table, clinics] of Object.entries(r.tables)) {
    out.push(`### ${table}`, "", "| Clinic | Read | Migrated | Skipped | Reasons |", "|---|---:|---:|---:|---|");
    let read = 0;
    let migrated = 0;
    let skipped = 0;
    for (const [id, c] of Object.entries(clinics).sort((a, b) => (a[1].clinicName ?? "~").localeCompare(b[1].clinicName ?? "~"))) {
      const s = Object.values(c.skipped).reduce((a, b) => a + b, 0);
      read += c.read;
      migrated += c.migrated;
      skipped += s;
      const reasons = Object.entries(c.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${n}`).join(", ");
      out.push(`| ${esc(id ? `${c.clinicName ?? "?"} (${id})` : "(no clinic)")} | ${c.read} | ${c.migrated} | ${s} | ${esc(reasons)} |`);
    }
    out.push(`| **Total** | **${read}** | **${migrated}** | **${skipped}** | |`, "");
  }

  if (r.issues.length) {
    out.push("## Issues", "", "Every legacy row that was skipped or changed for a reason someone should look at. Full list: the JSON report, or `SELECT * FROM data_migration_issues`.", "");
    for (const i of r.issues) {
      out.push(`### ${i.code} (${i.severity}, ${i.count})`, "", "| Source | Clinic | Value | Message |", "|---|---|---|---|");
      for (const e of i.examples.slice(0, 20)) out.push(`| ${esc(`${e.sourceTable} ${e.sourceId ?? ""}`)} | ${esc(e.clinicId ?? "")} | ${esc(e.rawValue ?? "")} | ${esc(e.message)} |`);
      if (i.count > 20) out.push(`| … ${i.count - 20} more | | | |`);
      out.push("");
    }
  }

  if (r.orphansBefore.length || r.removedOrphans.length) {
    out.push("## Orphans", "", "| Reference | Rows | Examples | Action |", "|---|---:|---|---|");
    for (const o of r.orphansBefore) {
      const removed = r.removedOrphans.find((x) => x.relation.table === o.table && x.relation.column === o.column);
      out.push(`| ${o.table}.${o.column} → ${o.refTable}.${o.refColumn} | ${o.count} | ${esc(o.examples.join(", "))} | ${removed ? removed.action : "none (use --delete-orphans)"} |`);
    }
    out.push("");
  }

  out.push("## Steps", "", "| Step | Read | Migrated | Skipped | Written | Notes | Finished |", "|---|---:|---:|---:|---|---|---|");
  for (const s of r.steps) {
    const written = Object.entries(s.written).map(([k, v]) => `${k}: ${v}`).join(", ");
    const notes = Object.entries(s.notes).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(", ");
    out.push(`| ${esc(s.step)} | ${s.read} | ${s.migrated} | ${s.skipped} | ${esc(written)} | ${esc(notes)} | ${s.finishedAt} |`);
  }
  out.push("");
  return out.join("\n");
}

/** Writes data-migration-report.md and .json into `dir`; returns their paths. */
export function writeReport(dir: string, report: MigrationReport): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, "data-migration-report.md");
  const json = path.join(dir, "data-migration-report.json");
  writeFileSync(markdown, renderMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, json };
}
