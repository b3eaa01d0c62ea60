/**
 * Display formatting for KPI values and period-over-period changes.
 * money `$12,345` · percent `97.4%` · count `1,234` · minutes `1,234 min`.
 * A missing value (null) shows as an em dash.
 */
import type { KpiDefinition, KpiUnit } from "./kpi-registry.ts";

export const MISSING_VALUE = "—";

export interface FormatOptions {
  /** ISO 4217 code for money KPIs; default USD. */
  currency?: string;
}

type Sign = "negative" | "exceptZero";

function formatter(unit: KpiUnit, locale: string, currency: string, signDisplay: Sign): Intl.NumberFormat {
  switch (unit) {
    case "money":
      return new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: 0,
        maximumFractionDigits: 0,
        signDisplay,
      });
    case "percent":
      return new Intl.NumberFormat(locale, {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        signDisplay,
      });
    case "count":
    case "minutes":
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay });
  }
}

function formatUnit(unit: KpiUnit, value: number, locale: string, currency: string, sign: Sign): string {
  // Percent KPI values are percentage points; Intl's percent style wants a fraction.
  const text = formatter(unit, locale, currency, sign).format(unit === "percent" ? value / 100 : value);
  return unit === "minutes" ? `${text} min` : text;
}

/** `formatKpiValue(kpi, 97.4)` → `97.4%`. Null, NaN or ±Infinity → `—`. */
export function formatKpiValue(
  kpi: Pick<KpiDefinition, "unit">,
  value: number | null | undefined,
  locale = "en-US",
  opts: FormatOptions = {},
): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING_VALUE;
  return formatUnit(kpi.unit, value, locale, opts.currency ?? "USD", "negative");
}

export type DeltaTrend = "up" | "down" | "flat";
export type DeltaSentiment = "good" | "bad" | "neutral";

export interface FormattedDelta {
  /** current − previous (percentage points for percent KPIs); null if either is missing. */
  absolute: number | null;
  /** (current − previous) ÷ |previous| × 100; null if either is missing or previous is 0. */
  relative: number | null;
  /**
   * Percent KPIs: change in points, `+1.2 pts`. Other KPIs: relative change,
   * `+12.3%`, or the absolute change in the KPI's unit (`+$1,200`) when the
   * previous value was 0. `—` when a value is missing.
   */
  text: string;
  trend: DeltaTrend;
  /** Whether the change is good news given the KPI's direction. */
  sentiment: DeltaSentiment;
}

/** Change from `previous` to `current`, for the "vs previous period" chips. */
export function formatDelta(
  kpi: Pick<KpiDefinition, "unit" | "direction">,
  current: number | null | undefined,
  previous: number | null | undefined,
  locale = "en-US",
  opts: FormatOptions = {},
): FormattedDelta {
  const ok = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
  if (!ok(current) || !ok(previous)) {
    return { absolute: null, relative: null, text: MISSING_VALUE, trend: "flat", sentiment: "neutral" };
  }
  const absolute = current - previous;
  const relative = previous === 0 ? null : (absolute / Math.abs(previous)) * 100;
  const currency = opts.currency ?? "USD";

  let text: string;
  let shown: number; // the change as displayed, used to decide "flat"
  if (kpi.unit === "percent") {
    shown = Math.round(absolute * 10) / 10;
    const points = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: "exceptZero",
    }).format(absolute);
    text = `${points} pts`;
  } else if (relative !== null) {
    shown = Math.round(relative * 10) / 10;
    text = formatUnit("percent", relative, locale, currency, "exceptZero");
  } else {
    shown = Math.round(absolute);
    text = formatUnit(kpi.unit, absolute, locale, currency, "exceptZero");
  }

  const trend: DeltaTrend = shown > 0 ? "up" : shown < 0 ? "down" : "flat";
  const sentiment: DeltaSentiment =
    trend === "flat" ? "neutral" : (trend === "up") === (kpi.direction === "higher") ? "good" : "bad";
  return { absolute, relative, text, trend, sentiment };
}
