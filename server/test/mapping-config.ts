import type { z } from "zod";
import type { mappingConfigSchema } from "../sheets/mapping-config.ts";

/** A small valid column mapping for tests: one tab ("Jan-24"), a date column and gross production. */
export const ONE_TAB_MAPPING: z.input<typeof mappingConfigSchema> = {
  version: 1,
  tabs: { mode: "list", names: ["Jan-24"] },
  headerRow: 1,
  range: { startColumn: "A", endColumn: "F" },
  columns: [
    { header: "Date", index: 0, field: "date", transform: { kind: "date" } },
    { header: "Production", index: 1, field: "gross_production", transform: { kind: "currency" } },
  ],
};
