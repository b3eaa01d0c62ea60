/**
 * Synthetic benchmark data, generated set-wise inside the database (INSERT … SELECT FROM
 * generate_series): clinics, providers, and one row per provider/clinic and open day (Monday to
 * Friday) in each raw metric table. Deterministic for a given clinic number and day (values come
 * from hashes, not random()), so a run is reproducible.
 */
import type pg from "pg";

export const BENCH_CLINIC_PREFIX = "bench_clinic_";
export const BENCH_PROVIDER_PREFIX = "bench_provider_";

export function benchClinicId(n: number): string {
  return `${BENCH_CLINIC_PREFIX}${String(n).padStart(5, "0")}`;
}

export interface BenchDataOptions {
  /** Clinic numbers [first, first + count). */
  first: number;
  count: number;
  providersPerClinic: number;
  from: string;
  to: string;
  /** Clinics per INSERT statement (progress granularity). */
  batch?: number;
  onProgress?: (doneClinics: number) => void;
}

/** A pseudo-random number in [0, 1) from a text key, stable across runs. */
const rnd = (key: string) => `((hashtext(${key}) & 2147483647)::float8 / 2147483648.0)`;

export async function insertBenchData(client: pg.Pool | pg.Client, o: BenchDataOptions): Promise<{ rows: number }> {
  const batch = o.batch ?? 10;
  let rows = 0;
  for (let start = o.first; start < o.first + o.count; start += batch) {
    const end = Math.min(o.first + o.count, start + batch) - 1;
    const params = [start, end, o.providersPerClinic, o.from, o.to];
    await client.query(
      `INSERT INTO clinics (id, name, location, created_at, updated_at)
       SELECT '${BENCH_CLINIC_PREFIX}' || lpad(i::text, 5, '0'), 'Bench Clinic ' || i, 'Benchville', now(), now()
         FROM generate_series($1::int, $2::int) i
       ON CONFLICT (id) DO NOTHING`,
      params.slice(0, 2),
    );
    await client.query(
      `INSERT INTO providers (id, name, clinic_id, provider_type, created_at, updated_at)
       SELECT '${BENCH_PROVIDER_PREFIX}' || lpad(i::text, 5, '0') || '_' || p, 'Provider ' || i || '-' || p,
              '${BENCH_CLINIC_PREFIX}' || lpad(i::text, 5, '0'), CASE WHEN p = 1 THEN 'hygienist' ELSE 'dentist' END, now(), now()
         FROM generate_series($1::int, $2::int) i CROSS JOIN generate_series(1, $3::int) p
       ON CONFLICT (id) DO NOTHING`,
      params.slice(0, 3),
    );
    // Open days (Mon–Fri) × clinics × providers.
    const days = `
      WITH c AS (SELECT i, '${BENCH_CLINIC_PREFIX}' || lpad(i::text, 5, '0') AS clinic_id FROM generate_series($1::int, $2::int) i),
           p AS (SELECT c.i, c.clinic_id, p, '${BENCH_PROVIDER_PREFIX}' || lpad(c.i::text, 5, '0') || '_' || p AS provider_id
                   FROM c CROSS JOIN generate_series(1, $3::int) p),
           d AS (SELECT day::date AS day, (day::date - $4::date) AS n FROM generate_series($4::date, $5::date, interval '1 day') day
                  WHERE extract(isodow FROM day) < 6)`;
    const key = (extra: string) => `p.provider_id || d.day::text || '${extra}'`;
    const fin = await client.query(
      `${days}
       INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount, created_at, updated_at)
       SELECT md5(p.provider_id || d.day::text || t.type), p.clinic_id, d.day, p.provider_id, t.type,
              round((CASE t.type WHEN 'production' THEN 1200 + 2600 * ${rnd(key("prod"))} + d.n * 0.3
                                 WHEN 'adjustment' THEN 40 + 180 * ${rnd(key("adj"))}
                                 ELSE 1100 + 2500 * ${rnd(key("coll"))} + d.n * 0.3 END)::numeric, 2),
              now(), now()
         FROM p CROSS JOIN d CROSS JOIN (VALUES ('production'), ('adjustment'), ('collection')) t(type)`,
      params,
    );
    const refunds = await client.query(
      `${days}
       INSERT INTO financial_metrics (id, clinic_id, date, provider_id, metric_type, amount, created_at, updated_at)
       SELECT md5(c.clinic_id || d.day::text || 'refund'), c.clinic_id, d.day, NULL, 'refund',
              round((20 + 200 * ${rnd("c.clinic_id || d.day::text || 'refund'")})::numeric, 2), now(), now()
         FROM c CROSS JOIN d WHERE extract(isodow FROM d.day) = 5`,
      params,
    );
    const appt = await client.query(
      `${days}
       INSERT INTO appointment_metrics (id, clinic_id, date, provider_id, scheduled_count, completed_count, cancelled_count,
                                        no_show_count, booked_minutes, available_minutes, created_at, updated_at)
       SELECT md5(p.provider_id || d.day::text || 'appt'), p.clinic_id, d.day, p.provider_id,
              v.s, v.s - v.x - v.ns, v.x, v.ns, 300 + (110 * ${rnd(key("min"))})::int, 420, now(), now()
         FROM p CROSS JOIN d
        CROSS JOIN LATERAL (SELECT 8 + (7 * ${rnd(key("s"))})::int AS s, (2.4 * ${rnd(key("x"))})::int AS x,
                                   (1.6 * ${rnd(key("n"))})::int AS ns) v`,
      params,
    );
    const calls = await client.query(
      `${days}
       INSERT INTO call_metrics (id, clinic_id, date, total_calls, answered_calls, appointments_booked, created_at, updated_at)
       SELECT md5(c.clinic_id || d.day::text || 'calls'), c.clinic_id, d.day, t, a, (a * (0.3 + 0.25 * ${rnd("c.clinic_id || d.day::text || 'b'")}))::int, now(), now()
         FROM c CROSS JOIN d
        CROSS JOIN LATERAL (SELECT 30 + (30 * ${rnd("c.clinic_id || d.day::text || 't'")})::int AS t) tt
        CROSS JOIN LATERAL (SELECT (tt.t * (0.8 + 0.15 * ${rnd("c.clinic_id || d.day::text || 'a'")}))::int AS a) aa`,
      params,
    );
    const patients = await client.query(
      `${days}
       INSERT INTO patient_metrics (id, clinic_id, date, provider_id, active_patients, new_patients, reactivated_patients, lost_patients, created_at, updated_at)
       SELECT md5(c.clinic_id || d.day::text || 'pat'), c.clinic_id, d.day, NULL,
              1800 + c.i % 700 + d.n / 2, (5 * ${rnd("c.clinic_id || d.day::text || 'new'")})::int,
              (2 * ${rnd("c.clinic_id || d.day::text || 're'")})::int, (3 * ${rnd("c.clinic_id || d.day::text || 'lost'")})::int, now(), now()
         FROM c CROSS JOIN d`,
      params,
    );
    rows += (fin.rowCount ?? 0) + (refunds.rowCount ?? 0) + (appt.rowCount ?? 0) + (calls.rowCount ?? 0) + (patients.rowCount ?? 0);
    o.onProgress?.(end - o.first + 1);
  }
  return { rows };
}
