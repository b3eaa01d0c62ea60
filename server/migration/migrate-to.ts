import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_MIGRATIONS_DIR } from "../db/migrations/migration-files.ts";
import { migrate } from "../db/migrations/migration-runner.ts";
import { findPhase, phaseMigrations } from "../db/migrations/phases.ts";

/**
 * Applies the migrations up to and including `last` (a migration name), up to the migration
 * just before phase `before`, or all but one phase's — how an operator's database looks before a
 * phase, for tests and the benchmark. The files are the same, so a later full `migrate` agrees with what this applied.
 */
export async function migrateUpTo(
  url: string,
  target: { last: string } | { beforePhase: number } | { allExceptPhase: number },
  dir = DEFAULT_MIGRATIONS_DIR,
): Promise<string[]> {
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  let keep: string[];
  if ("last" in target) {
    keep = names.filter((n) => n <= target.last);
  } else if ("allExceptPhase" in target) {
    // Every migration but the phase's own (and its dependents): how a database looks once that
    // phase is rolled back while later, unrelated migrations stay applied.
    const gone = new Set(phaseMigrations(findPhase(target.allExceptPhase)));
    keep = names.filter((n) => !gone.has(n));
  } else {
    const phase = findPhase(target.beforePhase);
    keep = names.filter((n) => n < phase.migration);
  }
  const subset = mkdtempSync(path.join(tmpdir(), "migrations-upto-"));
  try {
    for (const name of keep) cpSync(path.join(dir, name), path.join(subset, name), { recursive: true });
    return await migrate(url, { dir: subset });
  } finally {
    rmSync(subset, { recursive: true, force: true });
  }
}
