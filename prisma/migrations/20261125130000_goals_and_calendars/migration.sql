-- Goals against KPIs (with target history) and per-clinic working calendars. Additive only.

-- CreateTable
CREATE TABLE "clinic_settings" (
    "clinic_id" TEXT NOT NULL,
    "working_calendar" JSONB,
    "timezone" TEXT NOT NULL DEFAULT 'America/New_York',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinic_settings_pkey" PRIMARY KEY ("clinic_id")
);

-- CreateTable
CREATE TABLE "clinic_goals" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "provider_id" TEXT,
    "kpi_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "period_type" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "target_value" DECIMAL(20,4) NOT NULL,
    "target_rule" JSONB,
    "template_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "archived_at" TIMESTAMP(3),
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinic_goals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goal_target_changes" (
    "id" TEXT NOT NULL,
    "goal_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "previous_target" DECIMAL(20,4),
    "new_target" DECIMAL(20,4) NOT NULL,
    "target_rule" JSONB,
    "changed_by" TEXT,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "goal_target_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "clinic_goals_clinic_id_status_period_start_idx" ON "clinic_goals"("clinic_id", "status", "period_start");

-- CreateIndex
CREATE INDEX "goal_target_changes_goal_id_changed_at_idx" ON "goal_target_changes"("goal_id", "changed_at");

-- CreateIndex
CREATE INDEX "goal_target_changes_clinic_id_idx" ON "goal_target_changes"("clinic_id");
