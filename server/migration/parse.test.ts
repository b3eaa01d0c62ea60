import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { normaliseDecimal } from "./checks.ts";
import { countFastPathSql, moneyFastPathSql, parseLegacyValue, times100 } from "./parse.ts";

/** The SQL fast path must read every text it accepts exactly as the sheet parsers do. */
function samples(): string[] {
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out = ["0", "0.00", "$0", "$-0.50", "-$12", "$-12", "12.", ".5", "1,23", "1,234", "1,2345", "12,345,678.9", "$1,234.567", "00012", "1e5", "$ 1,234.50", "(12.00)", "12-", "--1", "$$1", "-$-1", "9999999999.99", "99999999999.99", "1 234", " 12 ", "USD 12", "12%", "N/A", ""];
  for (let i = 0; i < 3000; i++) {
    const cents = rnd(100_000_000);
    const whole = Math.floor(cents / 100).toString();
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const frac = (cents % 100).toString().padStart(2, "0");
    const forms = [`$${grouped}.${frac}`, `${whole}.${frac}`, `${grouped}`, `$${whole}`, `-$${grouped}.${frac}`, `$-${whole}.${frac.slice(0, 1)}`, `${whole}.${frac}0`, `-${whole}`];
    out.push(forms[rnd(forms.length)]!);
  }
  return out;
}

describe("legacy value parsing", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("the money fast path agrees with parseCurrency on every text it accepts", async () => {
    const texts = samples();
    const { rows } = await t.pool.query<{ x: string; v: string | null }>(`SELECT x, (${moneyFastPathSql("x")})::text AS v FROM unnest($1::text[]) x`, [texts]);
    let accepted = 0;
    for (const r of rows) {
      if (r.v === null) continue;
      accepted++;
      const parsed = parseLegacyValue("money", r.x);
      expect(parsed.ok, r.x).toBe(true);
      if (parsed.ok) expect(normaliseDecimal(r.v), r.x).toBe(normaliseDecimal(parsed.value));
    }
    expect(accepted).toBeGreaterThan(2000);
    // The shapes the fast path leaves to the parsers.
    const left = rows.filter((r) => r.v === null).map((r) => r.x);
    expect(left).toEqual(expect.arrayContaining(["$ 1,234.50", "(12.00)", "N/A", "$1,234.567", "1,23"]));
  });

  it("the count fast path agrees with parseInteger", async () => {
    const texts = ["0", "7", "007", "123456789", "1234567890", "1,042", "-3", "2.0", "12 ", "x"];
    const { rows } = await t.pool.query<{ x: string; v: string | null }>(`SELECT x, (${countFastPathSql("x")})::text AS v FROM unnest($1::text[]) x`, [texts]);
    for (const r of rows) {
      if (r.v === null) continue;
      const parsed = parseLegacyValue("count", r.x);
      expect(parsed, r.x).toEqual({ ok: true, value: String(Number(r.v)) });
    }
    expect(rows.filter((r) => r.v !== null).map((r) => r.x)).toEqual(["0", "7", "007", "123456789"]);
  });

  it("reads what the fast path leaves: accounting negatives, spaces, thousands in counts; rejects the rest", () => {
    expect(parseLegacyValue("money", "(12.00)")).toEqual({ ok: true, value: "-12.00" });
    expect(parseLegacyValue("money", "$ 1,234.50")).toEqual({ ok: true, value: "1234.50" });
    expect(parseLegacyValue("count", "1,042")).toEqual({ ok: true, value: "1042" });
    expect(parseLegacyValue("percent", "98%")).toEqual({ ok: true, value: "98" });
    expect(parseLegacyValue("percent", "0.575")).toEqual({ ok: true, value: "57.5" });
    expect(parseLegacyValue("money", "N/A")).toMatchObject({ ok: false, blank: false });
    expect(parseLegacyValue("money", "$1.234")).toMatchObject({ ok: false, code: "too_many_decimals" });
    expect(parseLegacyValue("count", "-3")).toMatchObject({ ok: false, code: "negative" });
    expect(parseLegacyValue("money", "  ")).toMatchObject({ ok: false, blank: true });
  });

  it("multiplies decimal text by 100 exactly", () => {
    expect(["0.125", "1", "-0.5", "0.0001", "12.3456", "0", "-0"].map(times100)).toEqual(["12.5", "100", "-50", "0.01", "1234.56", "0", "0"]);
  });
});
