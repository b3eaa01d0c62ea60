-- Roll back Phase 1 (20250524004250_add_multi_tenant_tables): drop the ten multi-tenant tables.
-- Legacy tables are untouched by Phase 1, so their data is exactly as before.
-- Run with: npm run db:rollback -- --phase 1   (also removes the migration's _prisma_migrations row)
DROP TABLE IF EXISTS "column_mappings_v2";
DROP TABLE IF EXISTS "spreadsheet_connections";
DROP TABLE IF EXISTS "google_credentials";
DROP TABLE IF EXISTS "metric_aggregations";
DROP TABLE IF EXISTS "patient_metrics";
DROP TABLE IF EXISTS "call_metrics";
DROP TABLE IF EXISTS "appointment_metrics";
DROP TABLE IF EXISTS "financial_metrics";
DROP TABLE IF EXISTS "goal_templates";
DROP TABLE IF EXISTS "user_clinic_roles";
-- The dashboard's read function (migration 20261128100000_dashboard_read_function) reads the table.
DROP FUNCTION IF EXISTS "dashboard_aggregation_rows"(TEXT[], TEXT[], DATE[], BOOLEAN[], TEXT, DATE, DATE);
