-- Roll back Phase 2 (20261125150000_phase_2_dual_ids): drop the UUID columns, id_mappings, the
-- sessions' user UUID and the triggers that maintained them. CUIDs were never changed, so every
-- other table and every legacy row is exactly as before the phase.
-- Run with: npm run db:rollback -- --phase 2   (refused while phase 3 or 4 is applied)
-- UUIDs handed out since the phase was applied are lost: rows that existed before it get the same
-- name-based UUID again when it is re-applied, rows created afterwards get a different one.
DROP TRIGGER IF EXISTS "sessions_fill_user_uuid" ON "sessions";
DROP FUNCTION IF EXISTS "sessions_fill_user_uuid"();
ALTER TABLE "sessions" DROP COLUMN IF EXISTS "user_uuid";

DO $rollback$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['clinics', 'users', 'providers', 'locations', 'data_sources', 'metric_definitions', 'goals', 'dashboards'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_id_mappings_sync', t);
    EXECUTE format('ALTER TABLE %I DROP COLUMN IF EXISTS "uuid_id"', t);
  END LOOP;
END
$rollback$;

DROP FUNCTION IF EXISTS "id_mappings_sync"();
DROP TABLE IF EXISTS "id_mappings";
