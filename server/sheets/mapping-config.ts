import { z } from "zod";
import { FIELD_KEYS } from "./matching/fields.ts";
import { transformSpecSchema } from "./transform/index.ts";

/**
 * The JSON stored in column_mappings_v2.mapping_config: everything a sync needs to turn a
 * spreadsheet's rows into metric rows. Editing a mapping stores a new version; a sync records the
 * version it used.
 */
export const tabSelectionSchema = z.discriminatedUnion("mode", [
  /** Exactly these tabs. */
  z.object({ mode: z.literal("list"), names: z.array(z.string().min(1)).min(1) }),
  /** Every tab whose title matches: "monthly" (Jan-24, Jan 2024, …), a glob (Jan-*) or /regex/. */
  z.object({ mode: z.literal("pattern"), pattern: z.string().min(1) }),
]);

export const columnMappingSchema = z.object({
  /** Header text as found in the sheet (after trimming), for people and for drift detection. */
  header: z.string(),
  /** 0-based column index within the range. */
  index: z.number().int().min(0),
  field: z.enum(FIELD_KEYS),
  transform: transformSpecSchema,
});

export const mappingConfigSchema = z.object({
  version: z.literal(1),
  tabs: tabSelectionSchema,
  /** 1-based row number of the header row; data starts below it. */
  headerRow: z.number().int().min(1).max(1000),
  /** Columns to read, A1 letters; rows run to the end of the sheet (open-ended range). */
  range: z.object({ startColumn: z.string().regex(/^[A-Z]{1,3}$/), endColumn: z.string().regex(/^[A-Z]{1,3}$/) }),
  /** The mapped columns. Exactly one maps to "date"; at most one to "provider". */
  columns: z.array(columnMappingSchema).min(2),
  /** Columns the user chose not to import (listed so the wizard can show them as ignored). */
  ignored: z.array(z.object({ header: z.string(), index: z.number().int().min(0) })).default([]),
  /** Provider name key (see parseProviderName().key) → provider id, or null to skip those rows. */
  providerMap: z.record(z.string(), z.string().nullable()).default({}),
  /** Rows that are not data: blank rows, and rows whose first text cell starts with "total". */
  skipRows: z.object({ blank: z.boolean().default(true), totals: z.boolean().default(true) }).default({ blank: true, totals: true }),
}).superRefine((config, ctx) => {
  const dates = config.columns.filter((c) => c.field === "date");
  if (dates.length !== 1) ctx.addIssue({ code: "custom", path: ["columns"], message: "Choose exactly one date column." });
  if (config.columns.filter((c) => c.field === "provider").length > 1) ctx.addIssue({ code: "custom", path: ["columns"], message: "Choose at most one provider column." });
  const metrics = config.columns.filter((c) => c.field !== "date" && c.field !== "provider");
  if (metrics.length === 0) ctx.addIssue({ code: "custom", path: ["columns"], message: "Map at least one column to a metric." });
  const seen = new Set<string>();
  for (const c of config.columns) {
    if (seen.has(c.field)) ctx.addIssue({ code: "custom", path: ["columns"], message: `Two columns are mapped to ${c.field}; keep one.` });
    seen.add(c.field);
  }
});

export type MappingConfig = z.infer<typeof mappingConfigSchema>;
export type ColumnMapping = z.infer<typeof columnMappingSchema>;
