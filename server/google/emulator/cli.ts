// Manual/demo entry point:
//   node --import tsx server/google/emulator/cli.ts --port 4455 [--host 0.0.0.0] [--fixtures DIR] [--faults JSON]
//     [--token-ttl SECONDS] [--no-pkce] [--no-state] [--quiet]
// Env: GOOGLE_EMULATOR_FIXTURES_DIR, GOOGLE_EMULATOR_FAULTS, GOOGLE_EMULATOR_CLIENTS, GOOGLE_EMULATOR_PORT.
import { parseArgs } from "node:util";
import { parseFaultConfig } from "./faults.ts";
import { startGoogleEmulator, type GoogleEmulatorOptions } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    fixtures: { type: "string" },
    faults: { type: "string" },
    "token-ttl": { type: "string" },
    "no-pkce": { type: "boolean" },
    "no-state": { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("Usage: node --import tsx server/google/emulator/cli.ts --port 4455 [--host H] [--fixtures DIR] [--faults JSON] [--token-ttl S] [--no-pkce] [--no-state] [--quiet]");
  process.exit(0);
}

const opts: GoogleEmulatorOptions = {
  port: Number(values.port ?? process.env["GOOGLE_EMULATOR_PORT"] ?? 4455),
  ...(values.host ? { host: values.host } : {}),
  ...(values.fixtures ? { fixturesDir: values.fixtures } : {}),
  ...(values.faults ? { faults: parseFaultConfig(JSON.parse(values.faults)) } : {}),
  ...(values["token-ttl"] ? { accessTokenTtlSeconds: Number(values["token-ttl"]) } : {}),
  ...(values["no-pkce"] ? { requirePkce: false } : {}),
  ...(values["no-state"] ? { requireState: false } : {}),
  ...(values.quiet ? {} : { log: (line: string) => console.log(`[google-emulator] ${line}`) }),
};

const emulator = await startGoogleEmulator(opts);
const sheets = [...emulator.state.data.spreadsheets.values()].map((s) => `  - ${s.title} (${s.id})`).join("\n");
console.log(`Google API emulator listening on ${emulator.url}
  consent: ${emulator.endpoints.oauth2AuthBaseUrl}
  token:   ${emulator.endpoints.oauth2TokenUrl}
  accounts: ${emulator.state.accounts.map((a) => a.email).join(", ")}
  spreadsheets:
${sheets}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
