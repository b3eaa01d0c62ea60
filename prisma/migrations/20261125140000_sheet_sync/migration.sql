-- Google Sheets: pending OAuth authorizations, resumable import drafts, sync runs and rejected
-- cells. Additive only.

-- CreateTable
CREATE TABLE "google_oauth_states" (
    "id" TEXT NOT NULL,
    "state_hash" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "return_to" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "google_oauth_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sheet_import_drafts" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "connection_id" TEXT,
    "step" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sheet_import_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "mapping_version" INTEGER,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_inserted" INTEGER NOT NULL DEFAULT 0,
    "rows_updated" INTEGER NOT NULL DEFAULT 0,
    "rows_unchanged" INTEGER NOT NULL DEFAULT 0,
    "rows_rejected" INTEGER NOT NULL DEFAULT 0,
    "rows_deleted" INTEGER NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "progress" JSONB,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_rejections" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "sheet_name" TEXT NOT NULL,
    "row_number" INTEGER NOT NULL,
    "column_name" TEXT,
    "cell_value" TEXT,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_rejections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "google_oauth_states_state_hash_key" ON "google_oauth_states"("state_hash");

-- CreateIndex
CREATE INDEX "google_oauth_states_expires_at_idx" ON "google_oauth_states"("expires_at");

-- CreateIndex
CREATE INDEX "sheet_import_drafts_clinic_id_user_id_idx" ON "sheet_import_drafts"("clinic_id", "user_id");

-- CreateIndex
CREATE INDEX "sync_runs_connection_id_created_at_idx" ON "sync_runs"("connection_id", "created_at");

-- CreateIndex
CREATE INDEX "sync_runs_clinic_id_created_at_idx" ON "sync_runs"("clinic_id", "created_at");

-- CreateIndex
CREATE INDEX "sync_rejections_run_id_idx" ON "sync_rejections"("run_id");
