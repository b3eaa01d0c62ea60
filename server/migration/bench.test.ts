import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** `npm run bench:migrate -- --quick` works (a tiny run: the real figures are in docs/performance.md). */
describe("bench/migrate.ts", () => {
  it("runs end to end on embedded PGlite and writes its figures", { timeout: 240_000 }, async () => {
    const out = mkdtempSync(path.join(tmpdir(), "bench-"));
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "bench/migrate.ts", "--quick", "--values", "1500", "--rounds", "4", "--out", out],
        { env: { ...process.env, LOG_LEVEL: "warn", BENCH_DATABASE_URL: "" }, timeout: 230_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/COPY of the same typed rows into the same tables .*ratio [0-9.]+ \(target ≥ 0\.25\)/);
    const figures = JSON.parse(readFileSync(path.join(out, "migrate.json"), "utf8"));
    expect(figures).toMatchObject({ metricValues: 1500, reportPassed: true });
    expect(figures.migrationRowsPerSecond).toBeGreaterThan(0);
    expect(figures.ratioToCopySameTables).toBeGreaterThan(0);
    expect(figures.rls.ratio).toBeGreaterThan(0);
  });
});
