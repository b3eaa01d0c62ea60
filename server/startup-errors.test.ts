import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test/test-database.ts";

/** Start-up failures end the process with exit code 1 and one line saying what to fix. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--dev"], {
      env: { ...process.env, ...env, PORT: "0", CLINIC_PULSE_QUIET: "1", LOG_LEVEL: "silent", SYNC_WORKER: "off" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim() });
    });
  });
}

describe("start-up failures", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => t?.close());

  it.concurrent("explains a malformed DATABASE_URL in one line", async () => {
    const { code, stderr } = await start({ DATABASE_URL: "not a url" });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/DATABASE_URL is not a valid URL/);
  });

  it.concurrent("explains an unreachable database in one line, without the password", async () => {
    const { code, stderr } = await start({ DATABASE_URL: "postgresql://app:s3cret@127.0.0.1:1/clinic" });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/Cannot reach the database at postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/clinic/);
    expect(stderr).not.toContain("s3cret");
  });

  it.concurrent("refuses to start on a database with pending migrations and says which command fixes it", async () => {
    const { code, stderr } = await start({ DATABASE_URL: t.url });
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/missing \d+ migration\(s\).*npm run db:migrate/);
  });
});
