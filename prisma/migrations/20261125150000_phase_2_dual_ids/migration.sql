-- Phase 2: dual ids. Every entity other systems refer to gets a UUID beside its CUID primary key
-- (`uuid_id`, unique, NOT NULL, DEFAULT gen_random_uuid()), `id_mappings` records each pair, and
-- sessions carry the signed-in user's UUID. CUIDs stay the primary and foreign keys; nothing that
-- reads or writes by CUID changes. See docs/migration/plan.md ("Phase 2").
--
-- Existing rows get a name-based UUID (RFC 4122 version 3, MD5 of a fixed namespace and
-- "<table>:<cuid>"), so rolling the phase back and applying it again hands out the same UUIDs.
-- Rows created afterwards get a random (version 4) UUID from the column default.

-- A temporary helper, dropped at the end of this migration.
CREATE FUNCTION "phase2_legacy_uuid"("tbl" TEXT, "legacy_id" TEXT) RETURNS UUID
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3)
          || substr('89ab', ((position(substr(h, 17, 1) IN '0123456789abcdef') - 1) & 3) + 1, 1)
          || substr(h, 18, 15))::uuid
    FROM (SELECT md5(decode('6f1c2a9e3b7d4e58a0c4d2b9e7f13a65', 'hex') || convert_to(tbl || ':' || legacy_id, 'UTF8')) AS h) AS x
$fn$;

-- AlterTable: add, back-fill, then require the UUID column on each entity table.
DO $phase2$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['clinics', 'users', 'providers', 'locations', 'data_sources', 'metric_definitions', 'goals', 'dashboards'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN "uuid_id" UUID', t);
    EXECUTE format('UPDATE %I SET "uuid_id" = "phase2_legacy_uuid"(%L, "id")', t, t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN "uuid_id" SET DEFAULT gen_random_uuid(), ALTER COLUMN "uuid_id" SET NOT NULL', t);
    EXECUTE format('CREATE UNIQUE INDEX %I ON %I("uuid_id")', t || '_uuid_id_key', t);
  END LOOP;
END
$phase2$;

-- CreateTable
CREATE TABLE "id_mappings" (
    "table_name" TEXT NOT NULL,
    "legacy_id" TEXT NOT NULL,
    "new_uuid" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "id_mappings_pkey" PRIMARY KEY ("table_name","legacy_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "id_mappings_table_name_new_uuid_key" ON "id_mappings"("table_name", "new_uuid");

-- Fill id_mappings for every existing row.
INSERT INTO "id_mappings" ("table_name", "legacy_id", "new_uuid")
          SELECT 'clinics', "id", "uuid_id" FROM "clinics"
UNION ALL SELECT 'users', "id", "uuid_id" FROM "users"
UNION ALL SELECT 'providers', "id", "uuid_id" FROM "providers"
UNION ALL SELECT 'locations', "id", "uuid_id" FROM "locations"
UNION ALL SELECT 'data_sources', "id", "uuid_id" FROM "data_sources"
UNION ALL SELECT 'metric_definitions', "id", "uuid_id" FROM "metric_definitions"
UNION ALL SELECT 'goals', "id", "uuid_id" FROM "goals"
UNION ALL SELECT 'dashboards', "id", "uuid_id" FROM "dashboards";

-- Keep id_mappings equal to the tables from now on, whichever code path writes them.
-- SECURITY DEFINER: the app role (Phase 3) may insert providers but has no access to id_mappings.
CREATE FUNCTION "id_mappings_sync"() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO id_mappings (table_name, legacy_id, new_uuid) VALUES (TG_TABLE_NAME, NEW.id, NEW.uuid_id);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE id_mappings SET legacy_id = NEW.id, new_uuid = NEW.uuid_id WHERE table_name = TG_TABLE_NAME AND legacy_id = OLD.id;
  ELSE
    DELETE FROM id_mappings WHERE table_name = TG_TABLE_NAME AND legacy_id = OLD.id;
  END IF;
  RETURN NULL;
END
$fn$;

DO $phase2$
DECLARE
  t TEXT;
BEGIN
  EXECUTE format('ALTER FUNCTION "id_mappings_sync"() SET search_path = %I, pg_temp', current_schema());
  FOREACH t IN ARRAY ARRAY['clinics', 'users', 'providers', 'locations', 'data_sources', 'metric_definitions', 'goals', 'dashboards'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR DELETE OR UPDATE OF "id", "uuid_id" ON %I FOR EACH ROW EXECUTE FUNCTION "id_mappings_sync"()', t || '_id_mappings_sync', t);
  END LOOP;
END
$phase2$;

-- Sessions are keyed by the user's UUID as well: filled from users.uuid_id on every insert (and
-- for the sessions that exist now), whichever code creates the session.
-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "user_uuid" UUID;

UPDATE "sessions" s SET "user_uuid" = u."uuid_id" FROM "users" u WHERE u."id" = s."user_id";

-- CreateIndex
CREATE INDEX "sessions_user_uuid_idx" ON "sessions"("user_uuid");

CREATE FUNCTION "sessions_fill_user_uuid"() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
  SELECT u.uuid_id INTO NEW.user_uuid FROM users u WHERE u.id = NEW.user_id;
  RETURN NEW;
END
$fn$;

DO $phase2$
BEGIN
  EXECUTE format('ALTER FUNCTION "sessions_fill_user_uuid"() SET search_path = %I, pg_temp', current_schema());
END
$phase2$;

CREATE TRIGGER "sessions_fill_user_uuid" BEFORE INSERT OR UPDATE OF "user_id" ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "sessions_fill_user_uuid"();

DROP FUNCTION "phase2_legacy_uuid"(TEXT, TEXT);
