// Demo mode: without GOOGLE_CLIENT_ID the app starts the bundled Google API emulator in-process on a
// loopback port and points the Google configuration at it (GOOGLE_DEMO_EMULATOR_URL), so "Connect
// Google" works offline with the demo account and its fixture spreadsheets. The UI labels it.
import { logger } from "../log/logger.ts";
import { startGoogleEmulator, type GoogleEmulator } from "./emulator/index.ts";
import { assertGoogleConfig, isGoogleDemo } from "./google-config.ts";

const GLOBAL_KEY = Symbol.for("clinic-pulse.google-demo-emulator");
type Holder = { [GLOBAL_KEY]?: GoogleEmulator };

/** The in-process demo emulator, if this process started one (shared with the bundled app via globalThis). */
export function demoGoogleEmulator(): GoogleEmulator | undefined {
  return (globalThis as Holder)[GLOBAL_KEY];
}

/**
 * Starts the emulator on 127.0.0.1 (random port unless given) and publishes it in
 * GOOGLE_DEMO_EMULATOR_URL / GOOGLE_DEMO_EMULATOR_STARTED_AT. Idempotent within a process.
 */
export async function startDemoGoogleEmulator(opts: { port?: number; quiet?: boolean } = {}): Promise<GoogleEmulator> {
  const holder = globalThis as Holder;
  const existing = holder[GLOBAL_KEY];
  if (existing) return existing;
  const log = logger().child({ component: "google-emulator" });
  const emulator = await startGoogleEmulator({
    host: "127.0.0.1",
    port: opts.port ?? 0,
    ...(opts.quiet ? {} : { log: (line: string) => log.debug(line) }),
  });
  holder[GLOBAL_KEY] = emulator;
  process.env.GOOGLE_DEMO_EMULATOR_URL = emulator.url;
  process.env.GOOGLE_DEMO_EMULATOR_STARTED_AT = new Date().toISOString();
  return emulator;
}

export async function stopDemoGoogleEmulator(): Promise<void> {
  const holder = globalThis as Holder;
  const emulator = holder[GLOBAL_KEY];
  if (!emulator) return;
  delete holder[GLOBAL_KEY];
  if (process.env.GOOGLE_DEMO_EMULATOR_URL === emulator.url) {
    delete process.env.GOOGLE_DEMO_EMULATOR_URL;
    delete process.env.GOOGLE_DEMO_EMULATOR_STARTED_AT;
  }
  await emulator.close();
}

/**
 * Called once by the launcher (server/main.ts): with GOOGLE_CLIENT_ID, checks the Google settings
 * (throws GoogleConfigError, one line); without, starts the demo emulator unless
 * GOOGLE_DEMO_EMULATOR_URL already points at a running one.
 */
export async function startGoogleForApp(): Promise<{ mode: "google" } | { mode: "demo"; url: string; started: boolean }> {
  if (!isGoogleDemo()) {
    assertGoogleConfig();
    return { mode: "google" };
  }
  const external = process.env.GOOGLE_DEMO_EMULATOR_URL?.trim();
  if (external) {
    process.env.GOOGLE_DEMO_EMULATOR_STARTED_AT ??= new Date(0).toISOString();
    return { mode: "demo", url: external, started: false };
  }
  if (process.env.NODE_ENV === "production" && process.env.CLINIC_PULSE_EMBEDDED_DB !== "1") {
    logger().warn("GOOGLE_CLIENT_ID is not set: Google connections use the demo emulator, not Google. Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET for real accounts.");
  }
  const emulator = await startDemoGoogleEmulator();
  logger().info({ url: emulator.url }, "Google demo mode: the Google API emulator is serving the demo account");
  return { mode: "demo", url: emulator.url, started: true };
}
