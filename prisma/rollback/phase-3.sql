-- Roll back Phase 3 (20261125160000_phase_3_row_level_security): drop the foreign keys it added,
-- its policies and policy functions, disable Row Level Security, and revoke every privilege of the
-- clinic_pulse_app role in this database. No data changes.
-- Run with: npm run db:rollback -- --phase 3   (refused while phase 4 is applied), then restart
-- the app: it detects phase 3 at start-up and, without it, runs tenant transactions with the
-- application's checks only.
-- The role itself is left in place: roles belong to the whole PostgreSQL cluster and may serve
-- other databases. Once no database uses it: DROP ROLE clinic_pulse_app;

-- DropForeignKey
ALTER TABLE "user_clinic_roles" DROP CONSTRAINT IF EXISTS "user_clinic_roles_user_id_fkey";
ALTER TABLE "user_clinic_roles" DROP CONSTRAINT IF EXISTS "user_clinic_roles_clinic_id_fkey";
ALTER TABLE "goal_templates" DROP CONSTRAINT IF EXISTS "goal_templates_clinic_id_fkey";
ALTER TABLE "financial_metrics" DROP CONSTRAINT IF EXISTS "financial_metrics_clinic_id_fkey";
ALTER TABLE "financial_metrics" DROP CONSTRAINT IF EXISTS "financial_metrics_provider_id_fkey";
ALTER TABLE "appointment_metrics" DROP CONSTRAINT IF EXISTS "appointment_metrics_clinic_id_fkey";
ALTER TABLE "appointment_metrics" DROP CONSTRAINT IF EXISTS "appointment_metrics_provider_id_fkey";
ALTER TABLE "call_metrics" DROP CONSTRAINT IF EXISTS "call_metrics_clinic_id_fkey";
ALTER TABLE "patient_metrics" DROP CONSTRAINT IF EXISTS "patient_metrics_clinic_id_fkey";
ALTER TABLE "patient_metrics" DROP CONSTRAINT IF EXISTS "patient_metrics_provider_id_fkey";
ALTER TABLE "metric_aggregations" DROP CONSTRAINT IF EXISTS "metric_aggregations_clinic_id_fkey";
ALTER TABLE "metric_aggregations" DROP CONSTRAINT IF EXISTS "metric_aggregations_provider_id_fkey";
ALTER TABLE "google_credentials" DROP CONSTRAINT IF EXISTS "google_credentials_clinic_id_fkey";
ALTER TABLE "google_credentials" DROP CONSTRAINT IF EXISTS "google_credentials_user_id_fkey";
ALTER TABLE "spreadsheet_connections" DROP CONSTRAINT IF EXISTS "spreadsheet_connections_clinic_id_fkey";
ALTER TABLE "column_mappings_v2" DROP CONSTRAINT IF EXISTS "column_mappings_v2_clinic_id_fkey";
ALTER TABLE "column_mappings_v2" DROP CONSTRAINT IF EXISTS "column_mappings_v2_connection_id_fkey";
ALTER TABLE "invitations" DROP CONSTRAINT IF EXISTS "invitations_clinic_id_fkey";
ALTER TABLE "clinic_settings" DROP CONSTRAINT IF EXISTS "clinic_settings_clinic_id_fkey";
ALTER TABLE "clinic_goals" DROP CONSTRAINT IF EXISTS "clinic_goals_clinic_id_fkey";
ALTER TABLE "clinic_goals" DROP CONSTRAINT IF EXISTS "clinic_goals_provider_id_fkey";
ALTER TABLE "clinic_goals" DROP CONSTRAINT IF EXISTS "clinic_goals_template_id_fkey";
ALTER TABLE "goal_target_changes" DROP CONSTRAINT IF EXISTS "goal_target_changes_goal_id_fkey";
ALTER TABLE "goal_target_changes" DROP CONSTRAINT IF EXISTS "goal_target_changes_clinic_id_fkey";
ALTER TABLE "google_oauth_states" DROP CONSTRAINT IF EXISTS "google_oauth_states_clinic_id_fkey";
ALTER TABLE "google_oauth_states" DROP CONSTRAINT IF EXISTS "google_oauth_states_user_id_fkey";
ALTER TABLE "google_oauth_states" DROP CONSTRAINT IF EXISTS "google_oauth_states_session_id_fkey";
ALTER TABLE "sheet_import_drafts" DROP CONSTRAINT IF EXISTS "sheet_import_drafts_clinic_id_fkey";
ALTER TABLE "sheet_import_drafts" DROP CONSTRAINT IF EXISTS "sheet_import_drafts_user_id_fkey";
ALTER TABLE "sheet_import_drafts" DROP CONSTRAINT IF EXISTS "sheet_import_drafts_connection_id_fkey";
ALTER TABLE "sync_runs" DROP CONSTRAINT IF EXISTS "sync_runs_clinic_id_fkey";
ALTER TABLE "sync_runs" DROP CONSTRAINT IF EXISTS "sync_runs_connection_id_fkey";
ALTER TABLE "sync_rejections" DROP CONSTRAINT IF EXISTS "sync_rejections_run_id_fkey";
ALTER TABLE "sync_rejections" DROP CONSTRAINT IF EXISTS "sync_rejections_clinic_id_fkey";

DROP TRIGGER IF EXISTS "mail_outbox_note_insert" ON "mail_outbox";
DROP FUNCTION IF EXISTS "mail_outbox_note_insert"();

-- Policies (those made by app_secure_table, also in later migrations), RLS flags and grants.
DO $rollback$
DECLARE
  p RECORD;
BEGIN
  FOR p IN SELECT tablename, policyname FROM pg_policies
            WHERE schemaname = current_schema() AND policyname ~ '_(system_path|app_select|app_insert|app_update|app_delete)$'
  LOOP
    EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
  END LOOP;
  FOR p IN SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND (c.relrowsecurity OR c.relforcerowsecurity)
              AND NOT EXISTS (SELECT FROM pg_policy pol WHERE pol.polrelid = c.oid)
  LOOP
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', p.relname);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', p.relname);
  END LOOP;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_pulse_app') THEN
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM "clinic_pulse_app"', current_schema());
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM "clinic_pulse_app"', current_schema());
  END IF;
END
$rollback$;

DROP FUNCTION IF EXISTS "app_secure_clinic_table"(TEXT, TEXT[], TEXT[], TEXT);
DROP FUNCTION IF EXISTS "app_secure_table"(TEXT, TEXT, TEXT, TEXT[]);
DROP FUNCTION IF EXISTS "app_role_in"(TEXT);
DROP FUNCTION IF EXISTS "app_clinic_ids"();
DROP FUNCTION IF EXISTS "app_clinic_ids"(TEXT[]);
DROP FUNCTION IF EXISTS "app_current_user_id"();
