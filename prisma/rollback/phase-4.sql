-- Roll back Phase 4 (20261125170000_phase_4_data_migration): remove what `npm run db:migrate-data`
-- wrote, then its bookkeeping tables. Legacy tables were only read by the data migration, so they
-- are exactly as before. Run with: npm run db:rollback -- --phase 4
--
-- What it removes (every migrated row carries a "mig_" id prefix):
--   memberships made from users.clinic_id, the typed metric rows made from metric_values (only
--   those still marked source_reference = 'legacy:metric_values'), column_mappings_v2 versions made
--   from v1 mappings, clinic goals and goal templates made from legacy goals, and the paused
--   spreadsheet connections made from data sources that nobody has re-linked to Google since.
-- What it cannot undo (docs/migration/rollback.md):
--   * changes people made to migrated rows afterwards are lost with the row (a member's new role, a
--     goal's edited target); metric rows a sheet sync has since overwritten are kept (they are
--     sync data now), and so are connections re-linked to a Google account, with their mappings;
--   * metric_aggregations still include the removed rows until they are rebuilt:
--     npm run db:migrate-data -- --rebuild-aggregations
DELETE FROM "clinic_goals" WHERE "id" LIKE 'mig\_goal\_%';
DELETE FROM "goal_templates" WHERE "id" LIKE 'mig\_tpl\_%' AND NOT EXISTS (SELECT 1 FROM "clinic_goals" g WHERE g."template_id" = "goal_templates"."id");
DELETE FROM "financial_metrics" WHERE "id" LIKE 'mig\_fin\_%' AND "source_reference" = 'legacy:metric_values';
DELETE FROM "appointment_metrics" WHERE "id" LIKE 'mig\_appt\_%' AND "source_reference" = 'legacy:metric_values';
DELETE FROM "call_metrics" WHERE "id" LIKE 'mig\_call\_%' AND "source_reference" = 'legacy:metric_values';
DELETE FROM "patient_metrics" WHERE "id" LIKE 'mig\_pat\_%' AND "source_reference" = 'legacy:metric_values';
DELETE FROM "column_mappings_v2" m WHERE m."id" LIKE 'mig\_map\_%'
   AND EXISTS (SELECT 1 FROM "spreadsheet_connections" c WHERE c."id" = m."connection_id" AND c."credential_id" LIKE 'legacy:%');
DELETE FROM "spreadsheet_connections" c WHERE c."id" LIKE 'mig\_conn\_%' AND c."credential_id" LIKE 'legacy:%'
   AND NOT EXISTS (SELECT 1 FROM "column_mappings_v2" m WHERE m."connection_id" = c."id");
DELETE FROM "user_clinic_roles" WHERE "id" LIKE 'mig\_ucr\_%';

DROP TABLE IF EXISTS "data_migration_issues";
DROP TABLE IF EXISTS "data_migration_steps";
