-- metric_aggregations: one row per clinic (or clinic and provider), grain and period, holding every
-- base measure as columns, instead of one row per measure.
--
-- Why: each provider-day of raw data made about 13 aggregation rows (10 provider measures plus its
-- share of the clinic's 17 day rows, plus the week/month/quarter/year rows), and every one of them
-- paid for a heap tuple, four index entries and two foreign-key checks. Measured on PostgreSQL 15 on
-- the build machine for the 50,000-row benchmark sheet (260,000 metric rows): the first refresh
-- wrote 660,000 rows in 28–34 s; the same numbers as 73,000 rows of this shape took 5.8 s. The
-- dashboard reads one row per clinic and period (plus one per provider) instead of 22.
--
-- Each base measure (server/metrics/base-measures.ts) has five columns:
--   <measure>        the period's value: the sum of its days (flows) or its last day's value (stocks);
--                    NULL when no day of the period has data for that measure;
--   <measure>_count  days with data for that measure (0 when none);
--   <measure>_min / _max / _avg   over those days' values.
-- standard_deviation and metadata were never written; they go. The 17 value columns come first:
-- the dashboard reads only them, and PostgreSQL decodes a row's columns up to the last one a query
-- needs.
--
-- The table holds derived data only. It is emptied here and rebuilt from the raw metric tables by
-- the migration command right after this migration is applied (server/db/migrations/after-migrate.ts);
-- `npm run db:aggregate` does the same by hand.
--
-- Depends on Phase 1's table: rolling back Phase 1 drops the table and forgets this migration too,
-- so re-applying Phase 1 re-applies it (server/db/migrations/phases.ts, PHASES[0].dependents).
-- Row Level Security, its policies and the Phase 3 foreign keys stay as they are: they concern
-- clinic_id and provider_id, which keep their meaning.
TRUNCATE "metric_aggregations";

DROP INDEX IF EXISTS "metric_aggregations_dashboard_read_idx";

DROP INDEX IF EXISTS "metric_aggregations_natural_key";

ALTER TABLE "metric_aggregations"
  DROP COLUMN "metric_key",
  DROP COLUMN "value",
  DROP COLUMN "count",
  DROP COLUMN "minimum",
  DROP COLUMN "maximum",
  DROP COLUMN "average",
  DROP COLUMN "standard_deviation",
  DROP COLUMN "metadata",
  ADD COLUMN "gross_production" DECIMAL(20,4),
  ADD COLUMN "adjustments" DECIMAL(20,4),
  ADD COLUMN "net_production" DECIMAL(20,4),
  ADD COLUMN "collections" DECIMAL(20,4),
  ADD COLUMN "appointments_scheduled" DECIMAL(20,4),
  ADD COLUMN "appointments_completed" DECIMAL(20,4),
  ADD COLUMN "appointments_cancelled" DECIMAL(20,4),
  ADD COLUMN "appointments_no_show" DECIMAL(20,4),
  ADD COLUMN "booked_minutes" DECIMAL(20,4),
  ADD COLUMN "available_minutes" DECIMAL(20,4),
  ADD COLUMN "calls_total" DECIMAL(20,4),
  ADD COLUMN "calls_answered" DECIMAL(20,4),
  ADD COLUMN "calls_booked" DECIMAL(20,4),
  ADD COLUMN "patients_new" DECIMAL(20,4),
  ADD COLUMN "patients_reactivated" DECIMAL(20,4),
  ADD COLUMN "patients_lost" DECIMAL(20,4),
  ADD COLUMN "patients_active" DECIMAL(20,4),
  ADD COLUMN "gross_production_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "gross_production_min" DECIMAL(20,4),
  ADD COLUMN "gross_production_max" DECIMAL(20,4),
  ADD COLUMN "gross_production_avg" DECIMAL(20,4),
  ADD COLUMN "adjustments_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "adjustments_min" DECIMAL(20,4),
  ADD COLUMN "adjustments_max" DECIMAL(20,4),
  ADD COLUMN "adjustments_avg" DECIMAL(20,4),
  ADD COLUMN "net_production_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "net_production_min" DECIMAL(20,4),
  ADD COLUMN "net_production_max" DECIMAL(20,4),
  ADD COLUMN "net_production_avg" DECIMAL(20,4),
  ADD COLUMN "collections_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "collections_min" DECIMAL(20,4),
  ADD COLUMN "collections_max" DECIMAL(20,4),
  ADD COLUMN "collections_avg" DECIMAL(20,4),
  ADD COLUMN "appointments_scheduled_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "appointments_scheduled_min" DECIMAL(20,4),
  ADD COLUMN "appointments_scheduled_max" DECIMAL(20,4),
  ADD COLUMN "appointments_scheduled_avg" DECIMAL(20,4),
  ADD COLUMN "appointments_completed_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "appointments_completed_min" DECIMAL(20,4),
  ADD COLUMN "appointments_completed_max" DECIMAL(20,4),
  ADD COLUMN "appointments_completed_avg" DECIMAL(20,4),
  ADD COLUMN "appointments_cancelled_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "appointments_cancelled_min" DECIMAL(20,4),
  ADD COLUMN "appointments_cancelled_max" DECIMAL(20,4),
  ADD COLUMN "appointments_cancelled_avg" DECIMAL(20,4),
  ADD COLUMN "appointments_no_show_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "appointments_no_show_min" DECIMAL(20,4),
  ADD COLUMN "appointments_no_show_max" DECIMAL(20,4),
  ADD COLUMN "appointments_no_show_avg" DECIMAL(20,4),
  ADD COLUMN "booked_minutes_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "booked_minutes_min" DECIMAL(20,4),
  ADD COLUMN "booked_minutes_max" DECIMAL(20,4),
  ADD COLUMN "booked_minutes_avg" DECIMAL(20,4),
  ADD COLUMN "available_minutes_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "available_minutes_min" DECIMAL(20,4),
  ADD COLUMN "available_minutes_max" DECIMAL(20,4),
  ADD COLUMN "available_minutes_avg" DECIMAL(20,4),
  ADD COLUMN "calls_total_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "calls_total_min" DECIMAL(20,4),
  ADD COLUMN "calls_total_max" DECIMAL(20,4),
  ADD COLUMN "calls_total_avg" DECIMAL(20,4),
  ADD COLUMN "calls_answered_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "calls_answered_min" DECIMAL(20,4),
  ADD COLUMN "calls_answered_max" DECIMAL(20,4),
  ADD COLUMN "calls_answered_avg" DECIMAL(20,4),
  ADD COLUMN "calls_booked_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "calls_booked_min" DECIMAL(20,4),
  ADD COLUMN "calls_booked_max" DECIMAL(20,4),
  ADD COLUMN "calls_booked_avg" DECIMAL(20,4),
  ADD COLUMN "patients_new_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "patients_new_min" DECIMAL(20,4),
  ADD COLUMN "patients_new_max" DECIMAL(20,4),
  ADD COLUMN "patients_new_avg" DECIMAL(20,4),
  ADD COLUMN "patients_reactivated_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "patients_reactivated_min" DECIMAL(20,4),
  ADD COLUMN "patients_reactivated_max" DECIMAL(20,4),
  ADD COLUMN "patients_reactivated_avg" DECIMAL(20,4),
  ADD COLUMN "patients_lost_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "patients_lost_min" DECIMAL(20,4),
  ADD COLUMN "patients_lost_max" DECIMAL(20,4),
  ADD COLUMN "patients_lost_avg" DECIMAL(20,4),
  ADD COLUMN "patients_active_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "patients_active_min" DECIMAL(20,4),
  ADD COLUMN "patients_active_max" DECIMAL(20,4),
  ADD COLUMN "patients_active_avg" DECIMAL(20,4);

-- The natural key, in the order the dashboard reads (a clinic's rows of one period lie together).
CREATE UNIQUE INDEX "metric_aggregations_natural_key" ON "metric_aggregations"("clinic_id", "aggregation_type", "period_start", "provider_id") NULLS NOT DISTINCT;
