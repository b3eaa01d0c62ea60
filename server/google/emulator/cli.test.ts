import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));

describe("cli.ts", () => {
  it("starts the emulator, prints its URL and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "cli.ts"), "--port", "0", "--quiet"], {
      env: { ...process.env, GOOGLE_EMULATOR_FAULTS: JSON.stringify({ sheets: { status: 503 } }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no URL printed; output so far:\n${out}`)), 30_000);
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.once("exit", (code) => reject(new Error(`cli exited early (${code}):\n${out}`)));
      });
      const health = (await (await fetch(`${url}/__emulator/health`)).json()) as { ok: boolean; url: string };
      expect(health).toEqual({ ok: true, url });
      // GOOGLE_EMULATOR_FAULTS is honoured by the CLI.
      const faults = (await (await fetch(`${url}/__emulator/faults`)).json()) as unknown;
      expect(faults).toEqual({ sheets: { status: 503 } });
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    expect(child.exitCode === 0 || child.signalCode === "SIGTERM").toBe(true);
  });
});
