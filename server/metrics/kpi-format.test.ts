import { describe, expect, it } from "vitest";
import { getKpi } from "./kpi-registry.ts";
import { formatDelta, formatKpiValue } from "./kpi-format.ts";

const money = getKpi("collections");
const percent = getKpi("collection_rate");
const count = getKpi("appointments_completed");
const minutes = { unit: "minutes" as const };
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatKpiValue", () => {
  it.each([
    [money, 12_345, "$12,345"],
    [money, 12_345.6, "$12,346"],
    [money, -1_234, "-$1,234"],
    [money, -0.4, "$0"],
    [percent, 97.4, "97.4%"],
    [percent, 97.44, "97.4%"],
    [percent, 100, "100.0%"],
    [percent, 0, "0.0%"],
    [count, 1_234, "1,234"],
    [minutes, 1_234, "1,234 min"],
  ])("%#: %d → %s", (kpi, value, text) => {
    expect(formatKpiValue(kpi, value)).toBe(text);
  });

  it("shows missing values as an em dash", () => {
    expect(formatKpiValue(money, null)).toBe("—");
    expect(formatKpiValue(percent, undefined)).toBe("—");
    expect(formatKpiValue(count, Number.NaN)).toBe("—");
    expect(formatKpiValue(count, Number.POSITIVE_INFINITY)).toBe("—");
  });

  it("honours locale and currency", () => {
    expect(nbsp(formatKpiValue(money, 12_345, "de-DE", { currency: "EUR" }))).toBe("12.345 €");
    expect(nbsp(formatKpiValue(percent, 97.4, "de-DE"))).toBe("97,4 %");
  });
});

describe("formatDelta", () => {
  it("relative change for money, good when higher is better", () => {
    expect(formatDelta(money, 110_000, 100_000)).toEqual({
      absolute: 10_000,
      relative: 10,
      text: "+10.0%",
      trend: "up",
      sentiment: "good",
    });
  });

  it("up is bad when lower is better", () => {
    expect(formatDelta(getKpi("adjustments"), 110, 100)).toMatchObject({ text: "+10.0%", trend: "up", sentiment: "bad" });
  });

  it("percent KPIs change in points", () => {
    const d = formatDelta(getKpi("no_show_rate"), 4.2, 5);
    expect(d.text).toBe("-0.8 pts");
    expect(d.trend).toBe("down");
    expect(d.sentiment).toBe("good");
    expect(d.absolute).toBeCloseTo(-0.8, 10);
    expect(d.relative).toBeCloseTo(-16, 10);
  });

  it("no change, or a change too small to show, is flat and neutral", () => {
    expect(formatDelta(percent, 97.4, 97.4)).toMatchObject({ text: "0.0 pts", trend: "flat", sentiment: "neutral" });
    expect(formatDelta(money, 100_040, 100_000)).toMatchObject({ text: "0.0%", trend: "flat", sentiment: "neutral" });
  });

  it("falls back to the absolute change when the previous value is 0", () => {
    expect(formatDelta(money, 1_200, 0)).toEqual({
      absolute: 1_200,
      relative: null,
      text: "+$1,200",
      trend: "up",
      sentiment: "good",
    });
    expect(formatDelta(count, 0, 0)).toMatchObject({ text: "0", trend: "flat" });
  });

  it("uses |previous| so a recovery from a negative value reads as up", () => {
    expect(formatDelta(getKpi("net_production"), 50, -100)).toMatchObject({ relative: 150, text: "+150.0%", trend: "up" });
  });

  it("missing values give a neutral em dash", () => {
    expect(formatDelta(money, null, 100)).toEqual({
      absolute: null,
      relative: null,
      text: "—",
      trend: "flat",
      sentiment: "neutral",
    });
    expect(formatDelta(money, 100, undefined).text).toBe("—");
  });
});
