-- metric_aggregations: one unique key in the order the dashboard reads, instead of two indexes.
--
-- Before: the natural key (clinic_id, metric_key, aggregation_type, period_start, provider_id) and
-- a separate read index (clinic_id, aggregation_type, period_start) for the dashboard, which reads
-- every measure of a clinic for a list of periods.
--
-- After: the same natural key with its columns reordered (clinic_id, aggregation_type,
-- period_start, provider_id, metric_key). Uniqueness is unchanged (same columns, still NULLS NOT
-- DISTINCT, still the aggregation engine's ON CONFLICT target); its leading columns are the read
-- index's, so it serves the dashboard read as well; and every write maintains three indexes
-- instead of four (a first sync's aggregation refresh about a third faster).
--
-- Depends on Phase 1's table: rolling back Phase 1 drops the table and forgets this migration too,
-- so re-applying Phase 1 re-applies it (server/db/migrations/phases.ts, PHASES[0].dependents).
-- Locks metric_aggregations while the key is built (about 5 s per million rows on PostgreSQL 15 on
-- the build machine; dashboards wait meanwhile).
DROP INDEX "metric_aggregations_clinic_id_aggregation_type_period_start_idx";

DROP INDEX "metric_aggregations_natural_key";

CREATE UNIQUE INDEX "metric_aggregations_natural_key" ON "metric_aggregations"("clinic_id", "aggregation_type", "period_start", "provider_id", "metric_key") NULLS NOT DISTINCT;
