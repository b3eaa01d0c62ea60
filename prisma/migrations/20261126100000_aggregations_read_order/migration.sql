-- metric_aggregations: one unique key in the order the dashboard reads, instead of two indexes.
--
-- Before: the natural key (clinic_id, metric_key, aggregation_type, period_start, provider_id) and
-- a separate read index (clinic_id, aggregation_type, period_start). The dashboard reads every
-- measure of a clinic (or of one provider) for a list of periods; through the read index it had to
-- fetch all 72 rows of a clinic-period (17 clinic rows and 11 for each of five providers) to keep
-- the 17 it needed.
--
-- After: the same natural key with its columns reordered (clinic_id, aggregation_type,
-- period_start, provider_id, metric_key). Uniqueness is unchanged (same columns, still NULLS NOT
-- DISTINCT, still the aggregation engine's ON CONFLICT target); its leading columns serve the
-- dashboard read with `provider_id IS NULL` (or `= $provider`) inside the index condition, so a read
-- fetches only the rows it returns; and every write maintains three indexes instead of four.
--
-- Depends on Phase 1's table: rolling back Phase 1 drops the table and forgets this migration too,
-- so re-applying Phase 1 re-applies it (server/db/migrations/phases.ts, PHASES[0].dependents).
-- Locks metric_aggregations while the key is rebuilt (about 10 s per million rows on PostgreSQL).
DROP INDEX "metric_aggregations_clinic_id_aggregation_type_period_start_idx";

DROP INDEX "metric_aggregations_natural_key";

CREATE UNIQUE INDEX "metric_aggregations_natural_key" ON "metric_aggregations"("clinic_id", "aggregation_type", "period_start", "provider_id", "metric_key") NULLS NOT DISTINCT;
