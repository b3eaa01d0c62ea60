import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { countWorkingDays } from "../goals/working-days.ts";
import { dayOfWeek } from "../metrics/iso-date.ts";
import { demoWorkingCalendar } from "./demo-calendar.ts";
import { DEMO_CLINICS, DEMO_SEED, demoClinicId } from "./demo-group.ts";
import { type DemoMetrics, generateDemoMetrics } from "./demo-metrics.ts";

const END = "2024-06-01";
const hash = (data: DemoMetrics) => createHash("sha256").update(JSON.stringify(data)).digest("hex");

const started = performance.now();
const data = generateDemoMetrics({ endDate: END, months: 24, seed: DEMO_SEED });
const generationMs = performance.now() - started;

const allRows = () => [...data.financialMetrics, ...data.appointmentMetrics, ...data.callMetrics, ...data.patientMetrics];
const money = (amount: string) => Number(amount);

/** Sums of the financial metric types over rows matching `filter`. */
function financialTotals(filter: (r: DemoMetrics["financialMetrics"][number]) => boolean) {
  const t = { production: 0, adjustment: 0, write_off: 0, collection: 0, refund: 0 };
  for (const r of data.financialMetrics) if (filter(r)) t[r.metricType] += money(r.amount);
  return { ...t, net: t.production - t.adjustment - t.write_off, collected: t.collection - t.refund };
}

describe("generateDemoMetrics: determinism", () => {
  it("gives byte-identical output for the same inputs", () => {
    const again = generateDemoMetrics({ endDate: END, months: 24, seed: DEMO_SEED });
    expect(hash(again)).toBe(hash(data));
  });

  it("gives different output for a different seed", () => {
    const other = generateDemoMetrics({ endDate: END, months: 24, seed: DEMO_SEED + 1 });
    expect(hash(other)).not.toBe(hash(data));
    // Same calendar, different numbers.
    expect(other.callMetrics.map((r) => r.date)).toEqual(data.callMetrics.map((r) => r.date));
  });

  it("defaults to 24 months and the demo seed", () => {
    expect(hash(generateDemoMetrics({ endDate: END }))).toBe(hash(data));
  });

  it("gives every shared day the same numbers in a later window, so a reseed only adds days", () => {
    const later = generateDemoMetrics({ endDate: "2024-07-01", months: 24, seed: DEMO_SEED });
    const shared = (rows: { date: string }[]) =>
      JSON.stringify(rows.filter((r) => r.date >= later.startDate && r.date <= END));
    expect(shared(later.financialMetrics)).toBe(shared(data.financialMetrics));
    expect(shared(later.appointmentMetrics)).toBe(shared(data.appointmentMetrics));
    expect(shared(later.callMetrics)).toBe(shared(data.callMetrics));
    expect(shared(later.patientMetrics)).toBe(shared(data.patientMetrics));
    expect(later.callMetrics.some((r) => r.date > END)).toBe(true);
  });

  it("rejects bad options", () => {
    expect(() => generateDemoMetrics({ endDate: "2024-02-30" })).toThrow(RangeError);
    expect(() => generateDemoMetrics({ endDate: END, months: 0 })).toThrow(RangeError);
    expect(() => generateDemoMetrics({ endDate: END, seed: 1.5 })).toThrow(RangeError);
  });

  it("is fast", () => {
    // ~0.1–0.3 s on a laptop; the bound only catches an accidental blow-up.
    expect(generationMs).toBeLessThan(3_000);
  });
});

describe("generateDemoMetrics: shape", () => {
  it("produces 30–40k metric rows for 3 clinics and 12 providers", () => {
    expect(data.clinics).toHaveLength(3);
    expect(data.locations).toHaveLength(3);
    expect(data.providers).toHaveLength(12);
    expect(allRows().length).toBeGreaterThan(30_000);
    expect(allRows().length).toBeLessThan(40_000);
  });

  it("keeps every row inside the 24 months ending at endDate, covering at least 24 months", () => {
    expect(data.startDate).toBe("2022-06-02");
    expect(allRows().filter((r) => r.date < data.startDate || r.date > END)).toEqual([]);
    const months = new Set(allRows().map((r) => r.date.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(24);
    expect(data.callMetrics.at(-1)?.date).toBe(END);
  });

  it("has unique ids and unique natural keys", () => {
    expect(new Set(allRows().map((r) => r.id)).size).toBe(allRows().length);
    const fin = data.financialMetrics.map((r) => `${r.clinicId}|${r.date}|${r.providerId}|${r.metricType}|${r.category}`);
    expect(new Set(fin).size).toBe(fin.length);
    const appt = data.appointmentMetrics.map((r) => `${r.clinicId}|${r.date}|${r.providerId}|${r.appointmentType}`);
    expect(new Set(appt).size).toBe(appt.length);
    const calls = data.callMetrics.map((r) => `${r.clinicId}|${r.date}`);
    expect(new Set(calls).size).toBe(calls.length);
    const patients = data.patientMetrics.map((r) => `${r.clinicId}|${r.date}`);
    expect(new Set(patients).size).toBe(patients.length);
  });

  it("references its own clinics and providers consistently", () => {
    const clinicIds = new Set(data.clinics.map((c) => c.id));
    const providerClinic = new Map(data.providers.map((p) => [p.id, p.clinicId]));
    expect(allRows().filter((r) => !clinicIds.has(r.clinicId))).toEqual([]);
    const withProvider = [...data.financialMetrics, ...data.appointmentMetrics];
    expect(withProvider.filter((r) => providerClinic.get(r.providerId) !== r.clinicId)).toEqual([]);
    expect(data.callMetrics.every((r) => r.staffMemberId === null && r.callType === "all")).toBe(true);
    expect(data.patientMetrics.every((r) => r.providerId === null)).toBe(true);
    expect(data.financialMetrics.every((r) => r.category === null)).toBe(true);
  });

  it("formats amounts as positive decimals with 2 places", () => {
    const decimal = /^\d+\.\d{2}$/;
    expect(data.financialMetrics.filter((r) => !decimal.test(r.amount))).toEqual([]);
    expect(data.appointmentMetrics.filter((r) => !decimal.test(r.productionAmount))).toEqual([]);
    expect(data.financialMetrics.filter((r) => money(r.amount) <= 0)).toEqual([]);
  });

  it("has all five financial metric types, refunds rare and small", () => {
    const byType = new Map<string, number>();
    for (const r of data.financialMetrics) byType.set(r.metricType, (byType.get(r.metricType) ?? 0) + 1);
    expect([...byType.keys()].sort()).toEqual(["adjustment", "collection", "production", "refund", "write_off"]);
    const production = byType.get("production") ?? 0;
    expect(byType.get("adjustment")).toBe(production);
    expect(byType.get("write_off")).toBe(production);
    expect(byType.get("refund") ?? 0).toBeLessThan(production * 0.05);
    expect(data.financialMetrics.filter((r) => r.metricType === "refund" && money(r.amount) >= 500)).toEqual([]);
  });
});

describe("generateDemoMetrics: calendar", () => {
  it("has no rows on Sundays", () => {
    expect(allRows().filter((r) => dayOfWeek(r.date) === 0)).toEqual([]);
  });

  it("has no rows on US holidays", () => {
    const holidays = [
      "2022-07-04",
      "2022-09-05",
      "2022-11-24",
      "2022-11-25",
      "2022-12-26", // Christmas on a Sunday: observed Monday
      "2023-01-02", // New Year on a Sunday: observed Monday
      "2023-05-29",
      "2023-07-04",
      "2023-11-23",
      "2023-12-25",
      "2024-01-01",
      "2024-05-27",
    ];
    expect(allRows().filter((r) => holidays.includes(r.date) || r.date.endsWith("-12-25"))).toEqual([]);
  });

  it("opens on Saturdays only at Downtown, on the 1st and 3rd Saturday of the month", () => {
    const saturdays = data.callMetrics.filter((r) => dayOfWeek(r.date) === 6);
    expect(saturdays.length).toBeGreaterThan(40);
    for (const r of saturdays) {
      expect(r.clinicId).toBe("demo_clinic_downtown");
      const day = Number(r.date.slice(8));
      expect(day <= 7 || (day >= 15 && day <= 21)).toBe(true);
    }
  });

  it("matches the working calendar it exports for goal pacing", () => {
    for (const clinic of DEMO_CLINICS) {
      const openDays = data.callMetrics.filter((r) => r.clinicId === demoClinicId(clinic)).length;
      expect(countWorkingDays(data.startDate, END, demoWorkingCalendar(clinic, data.startDate, END))).toBe(openDays);
    }
  });
});

describe("generateDemoMetrics: realism", () => {
  const firstYear = (d: string) => d < "2023-06-02";

  it("collects 93–100% of net production over each year", () => {
    for (const inYear of [firstYear, (d: string) => !firstYear(d)]) {
      const t = financialTotals((r) => inYear(r.date));
      const rate = t.collected / t.net;
      expect(rate).toBeGreaterThan(0.93);
      expect(rate).toBeLessThan(1.0);
    }
    for (const clinic of data.clinics) {
      const t = financialTotals((r) => r.clinicId === clinic.id);
      expect(t.collected / t.net).toBeGreaterThan(0.93);
      expect(t.collected / t.net).toBeLessThan(1.0);
    }
  });

  it("keeps adjustments at 3–6% and write-offs at 1–3% of each day's production", () => {
    const production = new Map<string, number>();
    for (const r of data.financialMetrics) {
      if (r.metricType === "production") production.set(`${r.providerId}|${r.date}`, money(r.amount));
    }
    const outOfRange = (type: string, lo: number, hi: number) =>
      data.financialMetrics.filter((r) => {
        if (r.metricType !== type) return false;
        const share = money(r.amount) / (production.get(`${r.providerId}|${r.date}`) ?? Number.NaN);
        return !(share >= lo - 0.0001 && share <= hi + 0.0001);
      });
    expect(outOfRange("adjustment", 0.03, 0.06)).toEqual([]);
    expect(outOfRange("write_off", 0.01, 0.03)).toEqual([]);
  });

  it("has a 3–8% no-show rate and a 5–10% cancellation rate", () => {
    let scheduled = 0;
    let noShows = 0;
    let cancelled = 0;
    const inconsistent = data.appointmentMetrics.filter(
      (r) => r.scheduledCount !== r.completedCount + r.cancelledCount + r.noShowCount || r.completedCount < 0,
    );
    expect(inconsistent).toEqual([]);
    for (const r of data.appointmentMetrics) {
      scheduled += r.scheduledCount;
      noShows += r.noShowCount;
      cancelled += r.cancelledCount;
    }
    expect(noShows / scheduled).toBeGreaterThan(0.03);
    expect(noShows / scheduled).toBeLessThan(0.08);
    expect(cancelled / scheduled).toBeGreaterThan(0.05);
    expect(cancelled / scheduled).toBeLessThan(0.1);
  });

  it("books 75–92% of available chair time", () => {
    const outside = data.appointmentMetrics.filter((r) => {
      const utilization = r.bookedMinutes / r.availableMinutes;
      return !(utilization >= 0.749 && utilization <= 0.921);
    });
    expect(outside).toEqual([]);
  });

  it("has plausible phone numbers", () => {
    let total = 0;
    let answered = 0;
    let booked = 0;
    const implausible = data.callMetrics.filter(
      (r) =>
        r.totalCalls < 30 ||
        r.totalCalls > 90 ||
        r.answeredCalls + r.voicemails > r.totalCalls ||
        r.appointmentsBooked > r.answeredCalls,
    );
    expect(implausible).toEqual([]);
    for (const r of data.callMetrics) {
      total += r.totalCalls;
      answered += r.answeredCalls;
      booked += r.appointmentsBooked;
    }
    expect(answered / total).toBeGreaterThan(0.8);
    expect(answered / total).toBeLessThan(0.95);
    expect(booked / answered).toBeGreaterThan(0.35);
    expect(booked / answered).toBeLessThan(0.55);
    // Mondays are the busiest on the phones.
    const meanCalls = (weekday: number) => {
      const rows = data.callMetrics.filter((r) => dayOfWeek(r.date) === weekday);
      return rows.reduce((a, r) => a + r.totalCalls, 0) / rows.length;
    };
    for (const weekday of [2, 3, 4, 5]) expect(meanCalls(1)).toBeGreaterThan(meanCalls(weekday));
  });

  it("keeps active patients a non-negative running stock moved by new + reactivated − lost", () => {
    for (const clinic of data.clinics) {
      const rows = data.patientMetrics.filter((r) => r.clinicId === clinic.id);
      expect(rows[0]?.activePatients).toBeGreaterThan(1_500);
      expect(rows[0]?.activePatients).toBeLessThan(3_500);
      const bad = rows.filter((r, i) => {
        const prev = rows[i - 1];
        const flowsOk =
          r.newPatients >= 0 &&
          r.newPatients <= 6 &&
          r.reactivatedPatients >= 0 &&
          r.reactivatedPatients <= 3 &&
          r.lostPatients >= 0 &&
          r.lostPatients <= 2;
        const stockOk =
          !prev || r.activePatients - prev.activePatients === r.newPatients + r.reactivatedPatients - r.lostPatients;
        return r.activePatients < 0 || !flowsOk || !stockOk;
      });
      expect(bad).toEqual([]);
      expect(rows.at(-1)?.activePatients).toBeGreaterThan(rows[0]?.activePatients ?? Infinity);
    }
  });

  it("is busier early in the week: mean daily production on Mondays beats Fridays", () => {
    const perDate = new Map<string, number>();
    for (const r of data.financialMetrics) {
      if (r.metricType === "production") perDate.set(r.date, (perDate.get(r.date) ?? 0) + money(r.amount));
    }
    const mean = (weekday: number) => {
      const values = [...perDate].filter(([d]) => dayOfWeek(d) === weekday).map(([, v]) => v);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean(1)).toBeGreaterThan(mean(5));
    expect(mean(2)).toBeGreaterThan(mean(5));
    expect(mean(6)).toBeLessThan(mean(5)); // half-day Saturdays at one clinic
  });

  it("follows the seasons: July below March, late December slow", () => {
    const production = (filter: (date: string) => boolean) => financialTotals((r) => filter(r.date)).production;
    for (const year of ["2023", "2024"]) {
      const march = production((d) => d.startsWith(`${year}-03`));
      const previousJuly = production((d) => d.startsWith(`${Number(year) - 1}-07`));
      expect(previousJuly).toBeLessThan(march);
    }
    const julyAndMarchSameYear = [production((d) => d.startsWith("2023-07")), production((d) => d.startsWith("2023-03"))];
    expect(julyAndMarchSameYear[0]).toBeLessThan(julyAndMarchSameYear[1] ?? 0);

    // Per open day, the last stretch of December is slower than the rest of the month.
    const openDays = (filter: (d: string) => boolean) =>
      new Set(data.callMetrics.filter((r) => filter(r.date)).map((r) => `${r.clinicId}|${r.date}`)).size;
    const late = (d: string) => d.startsWith("2023-12") && d >= "2023-12-20";
    const early = (d: string) => d.startsWith("2023-12") && d < "2023-12-20";
    expect(production(late) / openDays(late)).toBeLessThan(0.85 * (production(early) / openDays(early)));
  });

  it("grows year over year by a few percent", () => {
    const y1 = financialTotals((r) => firstYear(r.date)).production;
    const y2 = financialTotals((r) => !firstYear(r.date)).production;
    expect(y2).toBeGreaterThan(y1);
    expect(y2 / y1).toBeGreaterThan(1.02);
    expect(y2 / y1).toBeLessThan(1.12);
  });

  it("makes the bigger downtown clinic the busiest", () => {
    const total = (clinicId: string) => financialTotals((r) => r.clinicId === clinicId).production;
    expect(total("demo_clinic_downtown")).toBeGreaterThan(total("demo_clinic_westside"));
    expect(total("demo_clinic_westside")).toBeGreaterThan(total("demo_clinic_lakeview"));
  });
});
