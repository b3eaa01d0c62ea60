import { describe, expect, it } from "vitest";
import { FIELD_KEYS, TARGET_FIELDS } from "./fields.ts";
import { normaliseHeader } from "./normalise.ts";

describe("TARGET_FIELDS", () => {
  it("describes every field key once", () => {
    expect(TARGET_FIELDS.map((f) => f.key)).toEqual([...FIELD_KEYS]);
  });

  it("requires only the date", () => {
    expect(TARGET_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual(["date"]);
  });

  it("puts each metric in one of the four tables", () => {
    const tables = Object.fromEntries(TARGET_FIELDS.map((f) => [f.key, f.table]));
    expect(tables).toMatchObject({
      date: "all",
      provider: "all",
      refunds: "financial",
      available_minutes: "appointments",
      calls_appointments_booked: "calls",
      patients_lost: "patients",
    });
  });

  it("never gives the same strong synonym to two fields", () => {
    const owner = new Map<string, string>();
    for (const f of TARGET_FIELDS) {
      for (const phrase of [f.label, ...f.synonyms, ...f.shortAliases]) {
        const text = normaliseHeader(phrase).text;
        const previous = owner.get(text);
        expect(previous === undefined || previous === f.key, `${phrase} in ${previous} and ${f.key}`).toBe(true);
        owner.set(text, f.key);
      }
    }
  });

  it("keeps short aliases short", () => {
    for (const f of TARGET_FIELDS) for (const a of f.shortAliases) expect(a.length).toBeLessThanOrEqual(6);
  });
});
