/**
 * The import wizard's steps, in order. Shared by the wizard (progress indicator, the step name saved
 * with each draft) and the server (the "Unfinished imports" list reports "Step N of M: <label>").
 * Pure data: safe to import in the browser.
 */
export const IMPORT_STEPS = [
  { key: "account", label: "Google account" },
  { key: "spreadsheet", label: "Spreadsheet" },
  { key: "tabs", label: "Tabs and header" },
  { key: "map", label: "Map columns" },
  { key: "check", label: "Check the data" },
  { key: "save", label: "Save and sync" },
] as const;

export type ImportStepKey = (typeof IMPORT_STEPS)[number]["key"];

/** The 0-based index of a saved step name, or null when it is not one of ours. */
export function importStepIndex(key: string): number | null {
  const i = IMPORT_STEPS.findIndex((s) => s.key === key);
  return i < 0 ? null : i;
}
