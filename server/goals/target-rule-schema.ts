/**
 * The stored shape of a goal's target rule (JSON in the goals table).
 * Kept apart from target-rules.ts so the KPI registry can name the type for
 * its default goals without importing goal logic.
 *
 * Percent targets are percentage points (98 means 98%), like KPI values.
 */
import { z } from "zod";

const changePct = z
  .number()
  .min(-100, "A change below −100% would make the target negative")
  .max(1000, "A change above +1000% is almost certainly a typo");

export const TargetRuleSchema = z.discriminatedUnion("type", [
  /** A set number for the whole period. */
  z.strictObject({ type: z.literal("fixed"), value: z.number().min(0) }),
  /** Same period last year's actual × (1 + changePct / 100). */
  z.strictObject({ type: z.literal("vs_last_year"), changePct }),
  /**
   * Average per working day over the 3 full months before the period start,
   * × working days in the period × (1 + changePct / 100).
   */
  z.strictObject({ type: z.literal("trailing_3_month_avg"), changePct }),
  /** value × working days in the period. */
  z.strictObject({ type: z.literal("per_working_day"), value: z.number().min(0) }),
]);

export type TargetRule = z.infer<typeof TargetRuleSchema>;
export type TargetRuleType = TargetRule["type"];

export const TARGET_RULE_TYPES = [
  "fixed",
  "vs_last_year",
  "trailing_3_month_avg",
  "per_working_day",
] as const satisfies readonly TargetRuleType[];
