-- Phase 3: Row Level Security and the foreign keys deferred from Phase 1.
-- See docs/migration/plan.md ("Phase 3") and docs/migration/rls.md.
--
-- (a) a NOLOGIN, non-superuser role `clinic_pulse_app`; the app's tenant handle switches to it for
--     the length of one transaction (set_config('role', …, true), i.e. SET LOCAL ROLE), so every
--     query a tenant resolver sends is checked by the policies below;
-- (b) the functions the policies call: app_current_user_id(), app_clinic_ids(), app_role_in();
-- (c) RLS enabled and FORCED on every table the role may touch, with policies per operation that
--     follow the role ladder in server/auth/permissions.ts;
-- (d) foreign keys, added NOT VALID, checked for orphans with a readable error, then validated.
--
-- The connecting role itself (the owner: migrations, seeding, jobs on the audited system path in
-- server/tenancy/system-db.ts) keeps full access: a superuser bypasses RLS, and any other owner
-- gets a `<table>_system_path` policy for itself (it could disable RLS anyway, so that adds nothing).

-- ───────────── (a) the application role ─────────────
DO $phase3$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_pulse_app') THEN
    BEGIN
      CREATE ROLE "clinic_pulse_app" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- roles are cluster-wide: another database of this cluster created it a moment ago
    END;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_pulse_app' AND (rolsuper OR rolbypassrls OR rolcanlogin)) THEN
    RAISE EXCEPTION 'Role clinic_pulse_app exists but is a superuser, bypasses RLS or can log in; Row Level Security would not protect anything. Fix it with: ALTER ROLE clinic_pulse_app NOSUPERUSER NOBYPASSRLS NOLOGIN';
  END IF;
  -- The connecting role must be allowed to SET ROLE to it (a superuser always is).
  IF NOT pg_has_role(current_user, 'clinic_pulse_app', 'MEMBER') THEN
    EXECUTE format('GRANT "clinic_pulse_app" TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "clinic_pulse_app"', current_schema());
END
$phase3$;

-- ───────────── (b) the functions the policies call ─────────────

-- The signed-in user the tenant handle was opened for (NULL outside it).
CREATE FUNCTION "app_current_user_id"() RETURNS TEXT
LANGUAGE sql STABLE AS $fn$
  SELECT nullif(current_setting('app.user_id', true), '')
$fn$;

-- The clinics of app.clinic_ids in which app.user_id holds an ACTIVE membership (optionally with
-- one of `roles`). Reading user_clinic_roles here, not trusting the setting alone, means a forged
-- or stale app.clinic_ids can only narrow access, never widen it.
CREATE FUNCTION "app_clinic_ids"("roles" TEXT[]) RETURNS TEXT[]
LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT coalesce(array_agg(DISTINCT r.clinic_id ORDER BY r.clinic_id), ARRAY[]::text[])
    FROM user_clinic_roles r
   WHERE r.user_id = nullif(current_setting('app.user_id', true), '')
     AND r.is_active
     AND r.clinic_id = ANY (string_to_array(nullif(current_setting('app.clinic_ids', true), ''), ','))
     AND (roles IS NULL OR r.role = ANY (roles))
$fn$;

CREATE FUNCTION "app_clinic_ids"() RETURNS TEXT[]
LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT app_clinic_ids(NULL::text[])
$fn$;

-- The caller's role in one clinic of the tenant scope, or NULL.
CREATE FUNCTION "app_role_in"("p_clinic_id" TEXT) RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT r.role
    FROM user_clinic_roles r
   WHERE r.user_id = nullif(current_setting('app.user_id', true), '')
     AND r.clinic_id = p_clinic_id
     AND r.is_active
     AND p_clinic_id = ANY (string_to_array(nullif(current_setting('app.clinic_ids', true), ''), ','))
$fn$;

-- Policy helpers, also for later migrations that add a table tenant code reads (docs/migration/rls.md):
--   SELECT app_secure_table('my_table', '<USING for SELECT>', '<USING/CHECK for writes or NULL>');
--   SELECT app_secure_clinic_table('my_table', NULL, ARRAY['owner','admin','manager','staff']);
CREATE FUNCTION "app_secure_table"("tbl" TEXT, "select_using" TEXT, "write_using" TEXT, "writes" TEXT[] DEFAULT ARRAY['INSERT', 'UPDATE', 'DELETE'])
RETURNS VOID LANGUAGE plpgsql AS $fn$
DECLARE
  w TEXT;
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  -- The owner's own path (a no-op for superusers, who bypass RLS anyway).
  EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)', tbl || '_system_path', tbl);
  IF select_using IS NOT NULL THEN
    EXECUTE format('GRANT SELECT ON %I TO "clinic_pulse_app"', tbl);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO "clinic_pulse_app" USING (%s)', tbl || '_app_select', tbl, select_using);
  END IF;
  IF write_using IS NOT NULL THEN
    FOREACH w IN ARRAY writes LOOP
      EXECUTE format('GRANT %s ON %I TO "clinic_pulse_app"', w, tbl);
      IF w = 'INSERT' THEN
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO "clinic_pulse_app" WITH CHECK (%s)', tbl || '_app_insert', tbl, write_using);
      ELSIF w = 'UPDATE' THEN
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO "clinic_pulse_app" USING (%s) WITH CHECK (%s)', tbl || '_app_update', tbl, write_using, write_using);
      ELSIF w = 'DELETE' THEN
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO "clinic_pulse_app" USING (%s)', tbl || '_app_delete', tbl, write_using);
      END IF;
    END LOOP;
  END IF;
END
$fn$;

-- A table with a clinic column: members with one of `read_roles` (NULL: any role) read, members
-- with one of `write_roles` (NULL: nobody through the app role) write.
CREATE FUNCTION "app_secure_clinic_table"("tbl" TEXT, "read_roles" TEXT[], "write_roles" TEXT[], "clinic_column" TEXT DEFAULT 'clinic_id')
RETURNS VOID LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM app_secure_table(
    tbl,
    format('%I = ANY ((SELECT app_clinic_ids(%L::text[]))::text[])', clinic_column, read_roles),
    CASE WHEN write_roles IS NULL THEN NULL ELSE format('%I = ANY ((SELECT app_clinic_ids(%L::text[]))::text[])', clinic_column, write_roles) END
  );
END
$fn$;

DO $phase3$
DECLARE
  f TEXT;
BEGIN
  FOREACH f IN ARRAY ARRAY['app_current_user_id()', 'app_clinic_ids(text[])', 'app_clinic_ids()', 'app_role_in(text)',
                           'app_secure_table(text, text, text, text[])', 'app_secure_clinic_table(text, text[], text[], text)'] LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
  FOREACH f IN ARRAY ARRAY['app_current_user_id()', 'app_clinic_ids(text[])', 'app_clinic_ids()', 'app_role_in(text)'] LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO "clinic_pulse_app"', f);
  END LOOP;
END
$phase3$;

-- ───────────── (c) policies, following server/auth/permissions.ts ─────────────
--   members (any role)                      dashboard:view
--   owner, admin, manager, staff            google:manage, sync:run  → metrics, Google, mappings, syncs
--   owner, admin, manager                   goals:manage             → goals, templates, clinic settings
--   owner, admin                            members:manage, clinic:settings
DO $phase3$
DECLARE
  writers CONSTANT TEXT[] := ARRAY['owner', 'admin', 'manager', 'staff'];
  goal_roles CONSTANT TEXT[] := ARRAY['owner', 'admin', 'manager'];
  admins CONSTANT TEXT[] := ARRAY['owner', 'admin'];
  members CONSTANT TEXT := 'clinic_id = ANY ((SELECT app_clinic_ids())::text[])';
  t TEXT;
BEGIN
  -- Clinic data: members read, the roles that produce it write.
  FOREACH t IN ARRAY ARRAY['financial_metrics', 'appointment_metrics', 'call_metrics', 'patient_metrics', 'metric_values',
                           'providers', 'locations', 'spreadsheet_connections', 'column_mappings_v2', 'sync_runs', 'sync_rejections'] LOOP
    PERFORM app_secure_clinic_table(t, NULL, writers);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['clinic_goals', 'goal_target_changes', 'goals', 'clinic_settings'] LOOP
    PERFORM app_secure_clinic_table(t, NULL, goal_roles);
  END LOOP;
  -- Roll-ups are written only by the aggregation job, on the system path.
  PERFORM app_secure_clinic_table('metric_aggregations', NULL, NULL);
  -- Google tokens and the legacy data sources (which hold plaintext tokens): google:manage roles only.
  PERFORM app_secure_clinic_table('google_credentials', writers, writers);
  PERFORM app_secure_clinic_table('data_sources', writers, writers);
  -- Per-person rows: only their owner, and only with google:manage in that clinic.
  FOREACH t IN ARRAY ARRAY['google_oauth_states', 'sheet_import_drafts'] LOOP
    PERFORM app_secure_table(t,
      format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[]) AND user_id = (SELECT app_current_user_id())', writers),
      format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[]) AND user_id = (SELECT app_current_user_id())', writers));
  END LOOP;

  -- clinics: members read their clinics; owners and admins change settings. Creating and deleting
  -- clinics is not a tenant operation.
  PERFORM app_secure_table('clinics', 'id = ANY ((SELECT app_clinic_ids())::text[])',
    format('id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[])', admins), ARRAY['UPDATE']);

  -- Memberships and invitations: members see their clinic's; owners and admins manage them, and
  -- only owners touch owner rows (a clinic's owners are managed by owners only).
  PERFORM app_secure_table('user_clinic_roles', members,
    format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[]) AND (role <> ''owner'' OR clinic_id = ANY ((SELECT app_clinic_ids(ARRAY[''owner'']))::text[]))', admins));
  PERFORM app_secure_table('invitations',
    format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[])', admins),
    format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[]) AND (role <> ''owner'' OR clinic_id = ANY ((SELECT app_clinic_ids(ARRAY[''owner'']))::text[]))', admins));

  -- Users: yourself, and the people who share a clinic of the scope with you (member lists). No
  -- writes: account changes go through the auth code, not the tenant handle.
  PERFORM app_secure_table('users',
    'id = (SELECT app_current_user_id()) OR id IN (SELECT r.user_id FROM user_clinic_roles r WHERE r.clinic_id = ANY ((SELECT app_clinic_ids())::text[]))',
    NULL);

  -- Goal templates: system templates (clinic_id NULL) are readable by everyone; a clinic's own
  -- templates by its members; written by the goals:manage roles.
  PERFORM app_secure_table('goal_templates',
    'clinic_id IS NULL OR clinic_id = ANY ((SELECT app_clinic_ids())::text[])',
    format('clinic_id = ANY ((SELECT app_clinic_ids(%L::text[]))::text[])', goal_roles));

  -- Metric definitions: global reference data, read-only.
  PERFORM app_secure_table('metric_definitions', 'true', NULL);

  -- Legacy v1 column mappings hang off a data source: visible and writable exactly when it is.
  PERFORM app_secure_table('column_mappings', 'data_source_id IN (SELECT ds.id FROM data_sources ds)', 'data_source_id IN (SELECT ds.id FROM data_sources ds)');

  -- Dashboards and widgets belong to one user.
  PERFORM app_secure_table('dashboards', 'user_id = (SELECT app_current_user_id())', 'user_id = (SELECT app_current_user_id())');
  PERFORM app_secure_table('widgets', 'dashboard_id IN (SELECT d.id FROM dashboards d)', 'dashboard_id IN (SELECT d.id FROM dashboards d)');

  -- Outgoing mail (invitations are queued inside the tenant transaction): anyone may queue a
  -- message, but only the rows queued in the same transaction can be read back (Prisma's
  -- INSERT … RETURNING) — never other people's password-reset or invitation links.
  PERFORM app_secure_table('mail_outbox',
    'id = ANY (string_to_array(current_setting(''app.mail_outbox_ids'', true), '',''))',
    'true', ARRAY['INSERT']);
END
$phase3$;

-- Remembers the ids of mail queued in this transaction, for the mail_outbox SELECT policy above.
CREATE FUNCTION "mail_outbox_note_insert"() RETURNS TRIGGER
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('app.mail_outbox_ids', concat_ws(',', nullif(current_setting('app.mail_outbox_ids', true), ''), NEW.id), true);
  RETURN NEW;
END
$fn$;

DO $phase3$
BEGIN
  EXECUTE format('ALTER FUNCTION "mail_outbox_note_insert"() SET search_path = %I, pg_temp', current_schema());
END
$phase3$;

CREATE TRIGGER "mail_outbox_note_insert" BEFORE INSERT ON "mail_outbox" FOR EACH ROW EXECUTE FUNCTION "mail_outbox_note_insert"();

-- ───────────── (d) foreign keys deferred from Phase 1 (and for the tables added since) ─────────────

-- AddForeignKey
ALTER TABLE "user_clinic_roles" ADD CONSTRAINT "user_clinic_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "user_clinic_roles" ADD CONSTRAINT "user_clinic_roles_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "goal_templates" ADD CONSTRAINT "goal_templates_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "financial_metrics" ADD CONSTRAINT "financial_metrics_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "financial_metrics" ADD CONSTRAINT "financial_metrics_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "appointment_metrics" ADD CONSTRAINT "appointment_metrics_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "appointment_metrics" ADD CONSTRAINT "appointment_metrics_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "call_metrics" ADD CONSTRAINT "call_metrics_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "patient_metrics" ADD CONSTRAINT "patient_metrics_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "patient_metrics" ADD CONSTRAINT "patient_metrics_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "metric_aggregations" ADD CONSTRAINT "metric_aggregations_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "metric_aggregations" ADD CONSTRAINT "metric_aggregations_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "google_credentials" ADD CONSTRAINT "google_credentials_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "google_credentials" ADD CONSTRAINT "google_credentials_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "spreadsheet_connections" ADD CONSTRAINT "spreadsheet_connections_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "column_mappings_v2" ADD CONSTRAINT "column_mappings_v2_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "column_mappings_v2" ADD CONSTRAINT "column_mappings_v2_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "spreadsheet_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "clinic_settings" ADD CONSTRAINT "clinic_settings_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "clinic_goals" ADD CONSTRAINT "clinic_goals_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "clinic_goals" ADD CONSTRAINT "clinic_goals_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE NO ACTION ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "clinic_goals" ADD CONSTRAINT "clinic_goals_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "goal_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "goal_target_changes" ADD CONSTRAINT "goal_target_changes_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "clinic_goals"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "goal_target_changes" ADD CONSTRAINT "goal_target_changes_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "google_oauth_states" ADD CONSTRAINT "google_oauth_states_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "google_oauth_states" ADD CONSTRAINT "google_oauth_states_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "google_oauth_states" ADD CONSTRAINT "google_oauth_states_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sheet_import_drafts" ADD CONSTRAINT "sheet_import_drafts_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sheet_import_drafts" ADD CONSTRAINT "sheet_import_drafts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sheet_import_drafts" ADD CONSTRAINT "sheet_import_drafts_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "spreadsheet_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "spreadsheet_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sync_rejections" ADD CONSTRAINT "sync_rejections_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "sync_rejections" ADD CONSTRAINT "sync_rejections_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinics"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;

-- Orphans: rows that point at a row that does not exist. Refuse with the table, column and count
-- (the phase changes nothing), rather than PostgreSQL's first-violation message. The operator
-- lists and removes them with `npm run db:migrate-data -- --validate-only` / `--delete-orphans`.
DO $phase3$
DECLARE
  fk RECORD;
  n BIGINT;
  examples TEXT;
  problems TEXT := '';
BEGIN
  FOR fk IN
    SELECT c.conname, c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, ra.attname AS ref_col
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND NOT c.convalidated AND c.connamespace = current_schema()::regnamespace
     ORDER BY 2, 3
  LOOP
    EXECUTE format('SELECT count(*), string_agg(DISTINCT x.%1$I, '', '') FILTER (WHERE x.rn <= 3)
                      FROM (SELECT c.%1$I, row_number() OVER (ORDER BY c.%1$I) AS rn FROM %2$s c
                             WHERE c.%1$I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %3$s p WHERE p.%4$I = c.%1$I)) x',
                   fk.col, fk.tbl, fk.ref, fk.ref_col)
      INTO n, examples;
    IF n > 0 THEN
      problems := problems || format(E'\n  %s.%s: %s row(s) point at a missing %s row (e.g. %s)', fk.tbl, fk.col, n, fk.ref, examples);
    END IF;
  END LOOP;
  IF problems <> '' THEN
    RAISE EXCEPTION E'Phase 3 cannot add its foreign keys: orphaned rows found:%\nList them with `npm run db:migrate-data -- --validate-only`, remove them with `npm run db:migrate-data -- --delete-orphans` (see docs/migration/validation-checklist.md), then run `npm run db:migrate` again.', problems;
  END IF;
  FOR fk IN
    SELECT c.conname, c.conrelid::regclass::text AS tbl FROM pg_constraint c
     WHERE c.contype = 'f' AND NOT c.convalidated AND c.connamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
END
$phase3$;
