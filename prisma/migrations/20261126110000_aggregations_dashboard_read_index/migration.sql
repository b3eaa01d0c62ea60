-- metric_aggregations: a partial index holding exactly the rows the dashboard reads at clinic
-- level: the clinics' own rows (provider_id NULL) and the providers' gross production (which
-- gives the number of producing providers, the divisor of production per provider).
--
-- Per clinic and period the table has 17 clinic rows and 11 rows per provider; the dashboard
-- needs 17 + 1 per provider of them (22 of 72 with five providers). Through the unique key it
-- fetched all 72 from the table and discarded 50; through this index it fetches the 22. Measured
-- on PostgreSQL 15: the per-period index scan of a one-clinic summary 0.053 → 0.019 ms, and a full
-- rebuild of three bench clinics took as long with it as without it (within the run-to-run noise).
--
-- Depends on Phase 1's table: rolling back Phase 1 drops the table and forgets this migration too,
-- so re-applying Phase 1 re-applies it (server/db/migrations/phases.ts, PHASES[0].dependents).
-- Locks metric_aggregations against writes while the index is built.
CREATE INDEX "metric_aggregations_dashboard_read_idx" ON "metric_aggregations"("clinic_id", "aggregation_type", "period_start")
  WHERE "provider_id" IS NULL OR "metric_key" = 'gross_production';
