-- metric_aggregations.producing_providers: on a clinic's row (provider_id NULL), how many of its
-- providers have gross production above 0 in that period; NULL on providers' rows.
--
-- Why: production per provider divides by the providers who produced in the range. For a range
-- that is one period of one clinic (a sparkline bucket, a whole month) the dashboard now reads that
-- number from the clinic's row instead of fetching one row per provider to count them. A
-- one-clinic summary of this month by day read 192 rows (a clinic row and five provider rows for
-- each of 32 periods) and now reads 33. Ranges made of several periods still add up each
-- provider's gross production over the periods (a provider may produce in one month and refund in
-- the next), from the provider rows.
--
-- The table holds derived data only. It is emptied here and rebuilt from the raw metric tables by
-- the migration command right after this migration is applied (server/db/migrations/after-migrate.ts);
-- `npm run db:aggregate` does the same by hand.
--
-- Depends on Phase 1's table: rolling back Phase 1 drops the table and forgets this migration too,
-- so re-applying Phase 1 re-applies it (server/db/migrations/phases.ts, PHASES[0].dependents).
TRUNCATE "metric_aggregations";

ALTER TABLE "metric_aggregations" ADD COLUMN "producing_providers" INTEGER;
