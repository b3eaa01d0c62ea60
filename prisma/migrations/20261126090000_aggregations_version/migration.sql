-- A number per clinic that changes whenever the clinic's metric_aggregations change, so that every
-- app instance can tell whether a dashboard answer it holds in memory is still current
-- (docs/decisions/0007-dashboard-answer-cache.md). The aggregation engine sets it from the sequence
-- in the same transaction as its writes, so a new value is visible exactly when the new rows are.
-- Additive: nothing reads it but the app's dashboard cache; dropping it loses nothing.
CREATE SEQUENCE "aggregations_version_seq";

ALTER TABLE "clinics" ADD COLUMN "aggregations_version" BIGINT NOT NULL DEFAULT 0;
