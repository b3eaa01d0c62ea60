-- Phase 4: bookkeeping for the legacy data migration (`npm run db:migrate-data`, server/migration/).
-- The migration itself is a command, not SQL: it moves users' clinics into memberships, legacy
-- metric values into the typed metric tables, v1 column mappings into column_mappings_v2 and legacy
-- goals into clinic_goals. These two tables make it resumable and reportable:
--   data_migration_steps   one row per finished step (committed together with the step's writes)
--   data_migration_issues  every legacy row a step skipped or changed, with the reason
-- See docs/migration/plan.md ("Phase 4").

-- CreateTable
CREATE TABLE "data_migration_steps" (
    "step" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'done',
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_migrated" INTEGER NOT NULL DEFAULT 0,
    "rows_skipped" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_migration_steps_pkey" PRIMARY KEY ("step")
);

-- CreateTable
CREATE TABLE "data_migration_issues" (
    "id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "source_table" TEXT NOT NULL,
    "source_id" TEXT,
    "clinic_id" TEXT,
    "code" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "raw_value" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_migration_issues_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_migration_issues_step_idx" ON "data_migration_issues"("step");

-- CreateIndex
CREATE INDEX "data_migration_issues_source_table_source_id_idx" ON "data_migration_issues"("source_table", "source_id");
