-- Phase 1: add the ten multi-tenant tables. Additive only: no existing table changes and no
-- foreign keys yet (they arrive with Row Level Security in Phase 3). Unique keys that include a
-- nullable column are NULLS NOT DISTINCT so a clinic-level row (provider_id NULL) is unique too.

-- CreateTable
CREATE TABLE "user_clinic_roles" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_clinic_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goal_templates" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT NOT NULL,
    "kpi_key" TEXT NOT NULL,
    "period_type" TEXT NOT NULL,
    "target_rule" JSONB NOT NULL,
    "is_system_template" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "goal_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "financial_metrics" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "provider_id" TEXT,
    "metric_type" TEXT NOT NULL,
    "category" TEXT,
    "amount" DECIMAL(12,2) NOT NULL,
    "insurance_carrier" TEXT,
    "payment_method" TEXT,
    "procedure_code" TEXT,
    "notes" TEXT,
    "source_connection_id" TEXT,
    "source_reference" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "financial_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_metrics" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "provider_id" TEXT,
    "appointment_type" TEXT NOT NULL DEFAULT 'all',
    "scheduled_count" INTEGER NOT NULL DEFAULT 0,
    "completed_count" INTEGER NOT NULL DEFAULT 0,
    "cancelled_count" INTEGER NOT NULL DEFAULT 0,
    "no_show_count" INTEGER NOT NULL DEFAULT 0,
    "booked_minutes" INTEGER,
    "available_minutes" INTEGER,
    "production_amount" DECIMAL(12,2),
    "source_connection_id" TEXT,
    "source_reference" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_metrics" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "staff_member_id" TEXT,
    "call_type" TEXT NOT NULL DEFAULT 'all',
    "total_calls" INTEGER NOT NULL DEFAULT 0,
    "answered_calls" INTEGER NOT NULL DEFAULT 0,
    "voicemails" INTEGER NOT NULL DEFAULT 0,
    "appointments_booked" INTEGER NOT NULL DEFAULT 0,
    "average_call_duration" INTEGER,
    "source_connection_id" TEXT,
    "source_reference" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "patient_metrics" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "provider_id" TEXT,
    "active_patients" INTEGER,
    "new_patients" INTEGER NOT NULL DEFAULT 0,
    "reactivated_patients" INTEGER NOT NULL DEFAULT 0,
    "lost_patients" INTEGER NOT NULL DEFAULT 0,
    "source_connection_id" TEXT,
    "source_reference" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patient_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_aggregations" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "metric_key" TEXT NOT NULL,
    "aggregation_type" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "provider_id" TEXT,
    "value" DECIMAL(20,4) NOT NULL,
    "count" INTEGER NOT NULL,
    "minimum" DECIMAL(20,4),
    "maximum" DECIMAL(20,4),
    "average" DECIMAL(20,4),
    "standard_deviation" DECIMAL(20,4),
    "metadata" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_aggregations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "google_credentials" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "google_account_email" TEXT,
    "access_token" TEXT NOT NULL,
    "refresh_token" TEXT,
    "key_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3),
    "scope" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'active',
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "google_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spreadsheet_connections" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "spreadsheet_id" TEXT NOT NULL,
    "spreadsheet_name" TEXT NOT NULL,
    "sheet_names" TEXT[],
    "last_sync_at" TIMESTAMP(3),
    "sync_status" TEXT NOT NULL DEFAULT 'active',
    "sync_frequency_minutes" INTEGER NOT NULL DEFAULT 60,
    "last_error" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spreadsheet_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "column_mappings_v2" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "sheet_name" TEXT NOT NULL,
    "mapping_config" JSONB NOT NULL,
    "template_name" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "column_mappings_v2_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_clinic_roles_clinic_id_idx" ON "user_clinic_roles"("clinic_id");

-- CreateIndex
CREATE INDEX "user_clinic_roles_user_id_idx" ON "user_clinic_roles"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_clinic_roles_user_id_clinic_id_key" ON "user_clinic_roles"("user_id", "clinic_id");

-- CreateIndex
CREATE INDEX "goal_templates_clinic_id_idx" ON "goal_templates"("clinic_id");

-- CreateIndex
CREATE INDEX "goal_templates_kpi_key_idx" ON "goal_templates"("kpi_key");

-- CreateIndex
CREATE INDEX "financial_metrics_clinic_id_date_idx" ON "financial_metrics"("clinic_id", "date");

-- CreateIndex
CREATE INDEX "financial_metrics_provider_id_date_idx" ON "financial_metrics"("provider_id", "date");

-- CreateIndex
CREATE INDEX "financial_metrics_source_connection_id_idx" ON "financial_metrics"("source_connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "financial_metrics_natural_key" ON "financial_metrics"("clinic_id", "date", "provider_id", "metric_type", "category") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "appointment_metrics_clinic_id_date_idx" ON "appointment_metrics"("clinic_id", "date");

-- CreateIndex
CREATE INDEX "appointment_metrics_provider_id_date_idx" ON "appointment_metrics"("provider_id", "date");

-- CreateIndex
CREATE INDEX "appointment_metrics_source_connection_id_idx" ON "appointment_metrics"("source_connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_metrics_natural_key" ON "appointment_metrics"("clinic_id", "date", "provider_id", "appointment_type") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "call_metrics_clinic_id_date_idx" ON "call_metrics"("clinic_id", "date");

-- CreateIndex
CREATE INDEX "call_metrics_staff_member_id_idx" ON "call_metrics"("staff_member_id");

-- CreateIndex
CREATE INDEX "call_metrics_source_connection_id_idx" ON "call_metrics"("source_connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "call_metrics_natural_key" ON "call_metrics"("clinic_id", "date", "staff_member_id", "call_type") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "patient_metrics_clinic_id_date_idx" ON "patient_metrics"("clinic_id", "date");

-- CreateIndex
CREATE INDEX "patient_metrics_source_connection_id_idx" ON "patient_metrics"("source_connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "patient_metrics_natural_key" ON "patient_metrics"("clinic_id", "date", "provider_id") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "metric_aggregations_clinic_id_aggregation_type_period_start_idx" ON "metric_aggregations"("clinic_id", "aggregation_type", "period_start");

-- CreateIndex
CREATE INDEX "metric_aggregations_provider_id_idx" ON "metric_aggregations"("provider_id");

-- CreateIndex
CREATE UNIQUE INDEX "metric_aggregations_natural_key" ON "metric_aggregations"("clinic_id", "metric_key", "aggregation_type", "period_start", "provider_id") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "google_credentials_clinic_id_idx" ON "google_credentials"("clinic_id");

-- CreateIndex
CREATE INDEX "google_credentials_user_id_idx" ON "google_credentials"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "google_credentials_clinic_id_user_id_key" ON "google_credentials"("clinic_id", "user_id");

-- CreateIndex
CREATE INDEX "spreadsheet_connections_clinic_id_idx" ON "spreadsheet_connections"("clinic_id");

-- CreateIndex
CREATE INDEX "spreadsheet_connections_credential_id_idx" ON "spreadsheet_connections"("credential_id");

-- CreateIndex
CREATE UNIQUE INDEX "spreadsheet_connections_clinic_id_spreadsheet_id_key" ON "spreadsheet_connections"("clinic_id", "spreadsheet_id");

-- CreateIndex
CREATE INDEX "column_mappings_v2_clinic_id_idx" ON "column_mappings_v2"("clinic_id");

-- CreateIndex
CREATE INDEX "column_mappings_v2_connection_id_idx" ON "column_mappings_v2"("connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "column_mappings_v2_connection_id_version_key" ON "column_mappings_v2"("connection_id", "version");
