// Public entry point of the Google API emulator.
export { startGoogleEmulator, type GoogleEmulator, type GoogleEmulatorOptions } from "./server.ts";
export { makeLargeSheet, LARGE_SHEET_HEADER, type LargeSheetOptions } from "./large-sheet.ts";
export { parseFaultConfig, type EndpointKind, type FaultConfig, type FaultRule, EmulatorStats } from "./faults.ts";
export { BUNDLED_FIXTURES_DIR, loadFixtures, normalizeSpreadsheet, FixtureError } from "./fixtures.ts";
export { isoDateToSerial, serialToIsoDate } from "./number-format.ts";
export type { EmulatorState } from "./state.ts";
export type * from "./types.ts";
