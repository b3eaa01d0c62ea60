import type { OAuth2Client } from "../../google/google-config.ts";
import { sheetsClient } from "../../google/google-config.ts";
import { transformTab, mappingProblem, type SheetRecord, type Rejection } from "../../sync/transform-rows.ts";
import { AppError } from "../../errors/app-error.ts";
import { matchesTabPattern, type Cell } from "../transform/index.ts";
import type { MappingConfig } from "../mapping-config.ts";

/**
 * The wizard's preview: the same transformation the sync runs (transformTab), on the first rows of
 * the selected tabs, so what staff see flagged is exactly what a sync would reject.
 */
export function selectTabs(config: MappingConfig, titles: string[]): string[] {
  if (config.tabs.mode === "list") return config.tabs.names.filter((n) => titles.includes(n));
  const pattern = config.tabs.pattern;
  return titles.filter((t) => matchesTabPattern(t, pattern));
}

function quoteTab(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

export async function previewMapping(
  auth: OAuth2Client,
  input: { spreadsheetId: string; config: MappingConfig; clinicProviderIds: string[]; maxRows?: number; tabTitles: string[] },
) {
  const problem = mappingProblem(input.config);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const tabs = selectTabs(input.config, input.tabTitles).slice(0, 3);
  if (tabs.length === 0) throw new AppError("BAD_REQUEST", "No tab matches your selection. Choose at least one tab.");
  // Month tabs are a few hundred rows: preview all of them (up to three tabs) so every bad cell shows.
  const maxRows = input.maxRows ?? 1000;
  const { headerRow, range } = input.config;
  // Open-ended ranges (A3:M), as the sync reads them: an explicit end row past the grid is an error.
  const ranges = tabs.map((t) => `${quoteTab(t)}!${range.startColumn}${headerRow}:${range.endColumn}`);
  const { data } = await sheetsClient(auth).spreadsheets.values.batchGet({
    spreadsheetId: input.spreadsheetId,
    ranges,
    valueRenderOption: "UNFORMATTED_VALUE",
    dateTimeRenderOption: "SERIAL_NUMBER",
  });
  const env = { clinicProviderIds: new Set(input.clinicProviderIds) };
  const results = tabs.map((title, i) => transformTab(input.config, { title, values: ((data.valueRanges?.[i]?.values ?? []) as Cell[][]).slice(0, maxRows + 1) }, env));
  const records: SheetRecord[] = results.flatMap((r) => r.records);
  const rejections: Rejection[] = results.flatMap((r) => r.rejections);
  return {
    tabs,
    records: records.slice(0, 100),
    rejections: rejections.slice(0, 200),
    counts: {
      read: results.reduce((n, r) => n + r.rowsRead, 0),
      valid: results.reduce((n, r) => n + r.rowsRead - r.rowsRejected - r.rowsSkipped, 0),
      invalid: results.reduce((n, r) => n + r.rowsRejected, 0),
      skipped: results.reduce((n, r) => n + r.rowsSkipped, 0),
    },
    headerMismatch: results.filter((r) => !r.headerMatches).map((r) => r.tab),
  };
}
