-- dashboard_aggregation_rows(): the dashboard reader's statement (server/metrics/dashboard/reader.ts),
-- kept in the database so that PostgreSQL plans it once per connection instead of on every call.
--
-- Why: a one-clinic summary (16 periods) spent about 0.5 ms planning the statement and 0.7 ms
-- running it. PL/pgSQL keeps the plans of the statements it runs for the life of the connection,
-- so a call pays only for running them. Measured on PostgreSQL 15 through the app's Prisma client:
-- 1.9-2.2 ms per summary statement before, 1.3-1.6 ms as this function.
--
-- What it returns (reader.ts parses it):
--   row_text  one record per metric_aggregations row, records joined by chr(30):
--             a level row (the clinics' own rows, or the one provider's) is
--               "<piece>,<clinic>,<v1>,…,<v17>,<producing providers>" with the 17 measures in
--               MEASURE_KEYS order (server/metrics/base-measures.ts), empty when NULL;
--             at clinic level, for the pieces whose p_with_providers is true, each provider row
--               is "<piece>,<clinic>,<gross production>,<"provider id">" (the provider id
--               JSON-quoted, last);
--             <piece> and <clinic> are 0-based positions in p_grains/p_starts and p_clinic_ids.
--   last_day  the last day with data in [p_last_from, p_last_to] (NULL when p_last_from is NULL).
-- The measure list is written out here and in MEASURE_KEYS; a test reads back a row whose every
-- measure has its own value (server/metrics/dashboard/reader.test.ts), so the two cannot drift apart.
--
-- SECURITY INVOKER (the default): it runs with the caller's rights, so the tenant handle's role and
-- Row Level Security apply to what it reads exactly as to a plain SELECT.
--
-- Depends on Phase 1's table: rolling back Phase 1 drops this function with the table
-- (prisma/rollback/phase-1.sql) and forgets this migration, so re-applying Phase 1 re-applies it.
CREATE OR REPLACE FUNCTION "dashboard_aggregation_rows"(
  "p_clinic_ids" TEXT[],
  "p_grains" TEXT[],
  "p_starts" DATE[],
  "p_with_providers" BOOLEAN[],
  "p_provider_id" TEXT,
  "p_last_from" DATE,
  "p_last_to" DATE,
  OUT "row_text" TEXT,
  OUT "last_day" TEXT
) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  -- Each piece's rows are looked up on their own (LATERAL … OFFSET 0 keeps the lookup per piece: a
  -- few index entries each). Joined plainly, under Row Level Security the planner preferred to
  -- scan every row of the clinics and hash-join them to the pieces. The table is named once per
  -- statement, so its policy's check is evaluated once.
  --
  -- The level's rows (the clinics' own rows, or the one provider's) and, at clinic level, each
  -- provider's gross production for the pieces that need it (ranges of several periods, or of
  -- several clinics, count their producing providers from them).
  SELECT string_agg(
           CASE WHEN a.provider_id IS NULL OR p_provider_id IS NOT NULL
                THEN concat_ws(',', p.i - 1, array_position(p_clinic_ids, a.clinic_id) - 1,
                       COALESCE(a.gross_production::text, ''), COALESCE(a.adjustments::text, ''),
                       COALESCE(a.net_production::text, ''), COALESCE(a.collections::text, ''),
                       COALESCE(a.appointments_scheduled::text, ''), COALESCE(a.appointments_completed::text, ''),
                       COALESCE(a.appointments_cancelled::text, ''), COALESCE(a.appointments_no_show::text, ''),
                       COALESCE(a.booked_minutes::text, ''), COALESCE(a.available_minutes::text, ''),
                       COALESCE(a.calls_total::text, ''), COALESCE(a.calls_answered::text, ''),
                       COALESCE(a.calls_booked::text, ''), COALESCE(a.patients_new::text, ''),
                       COALESCE(a.patients_reactivated::text, ''), COALESCE(a.patients_lost::text, ''),
                       COALESCE(a.patients_active::text, ''), COALESCE(a.producing_providers::text, ''))
                ELSE concat_ws(',', p.i - 1, array_position(p_clinic_ids, a.clinic_id) - 1,
                       COALESCE(a.gross_production::text, ''), to_json(a.provider_id)::text)
           END, chr(30))
    INTO row_text
    FROM unnest(p_grains, p_starts, p_with_providers) WITH ORDINALITY AS p(grain, start, with_providers, i)
    CROSS JOIN LATERAL (
      SELECT a.clinic_id, a.provider_id, a.gross_production, a.adjustments, a.net_production, a.collections,
             a.appointments_scheduled, a.appointments_completed, a.appointments_cancelled,
             a.appointments_no_show, a.booked_minutes, a.available_minutes, a.calls_total,
             a.calls_answered, a.calls_booked, a.patients_new, a.patients_reactivated,
             a.patients_lost, a.patients_active, a.producing_providers
        FROM metric_aggregations a
       WHERE a.clinic_id = ANY (p_clinic_ids) AND a.aggregation_type = p.grain AND a.period_start = p.start
         AND CASE WHEN p_provider_id IS NULL THEN a.provider_id IS NULL OR p.with_providers
                  ELSE a.provider_id = p_provider_id END
      OFFSET 0) a;

  IF p_last_from IS NOT NULL THEN
    SELECT to_char(max(latest.day), 'YYYY-MM-DD')
      INTO last_day
      FROM unnest(p_clinic_ids) AS c(id)
      CROSS JOIN LATERAL (
        SELECT a.period_start AS day FROM metric_aggregations a
         WHERE a.clinic_id = c.id AND a.aggregation_type = 'day'
           AND (CASE WHEN p_provider_id IS NULL THEN a.provider_id IS NULL ELSE a.provider_id = p_provider_id END)
           AND a.period_start BETWEEN p_last_from AND p_last_to
         ORDER BY a.period_start DESC LIMIT 1) latest;
  END IF;
END
$fn$;
