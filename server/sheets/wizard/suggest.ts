import { getField, suggestMappings, type FieldKey } from "../matching/index.ts";
import { inferDateOrder, parseProviderName, providerKey, type Cell } from "../transform/index.ts";
import type { ColumnMapping } from "../mapping-config.ts";

/** The wizard's "map columns" step: suggestions for a tab, with default transforms and provider matches. */

export interface ProviderOption {
  id: string;
  name: string;
}

export function defaultTransform(field: FieldKey, sampleColumn: Cell[]): ColumnMapping["transform"] {
  const kind = getField(field).kind;
  if (kind === "date") return { kind: "date", dateFormat: inferDateOrder(sampleColumn) ?? "auto" };
  if (kind === "provider") return { kind: "provider" };
  if (kind === "currency") return { kind: "currency" };
  return { kind: "integer" };
}

/** Matches provider names found in the sheet to the clinic's providers by normalised name. */
export function matchProviders(names: string[], providers: ProviderOption[]) {
  const byKey = new Map(providers.map((p) => [providerKey(p.name), p]));
  const result: { key: string; name: string; providerId: string | null; confidence: "exact" | "last-name" | "none" }[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const parsed = parseProviderName(raw);
    if (!parsed.ok || parsed.value === null) continue;
    const key = parsed.key;
    if (seen.has(key)) continue;
    seen.add(key);
    const exact = byKey.get(key);
    if (exact) {
      result.push({ key, name: parsed.value, providerId: exact.id, confidence: "exact" });
      continue;
    }
    const last = key.split(" ").at(-1) ?? "";
    const candidates = providers.filter((p) => providerKey(p.name).split(" ").at(-1) === last);
    result.push({ key, name: parsed.value, providerId: candidates.length === 1 ? candidates[0]!.id : null, confidence: candidates.length === 1 ? "last-name" : "none" });
  }
  return result;
}

/** Everything the mapping step shows for one tab. `grid` holds displayed values, from row 1. */
export function suggestForGrid(grid: Cell[][], headerRow: number, providers: ProviderOption[], previous?: Record<string, string | null>) {
  const headers = (grid[headerRow - 1] ?? []).map((c) => (c === null || c === undefined ? "" : String(c)));
  const sample = grid.slice(headerRow, headerRow + 30);
  const suggestions = suggestMappings(headers, sample, { previous });
  const columns = suggestions.columns.map((c) => ({
    ...c,
    transform: c.field ? defaultTransform(c.field, sample.map((r) => r[c.columnIndex] ?? null)) : null,
    samples: sample.slice(0, 3).map((r) => r[c.columnIndex] ?? null),
  }));
  const providerColumn = columns.find((c) => c.field === "provider");
  const providerNames = providerColumn ? sample.map((r) => r[providerColumn.columnIndex]).filter((v): v is string => typeof v === "string" && v.trim() !== "") : [];
  return { headers, columns, unmatchedRequired: suggestions.unmatchedRequired, providerMatches: matchProviders(providerNames, providers) };
}
