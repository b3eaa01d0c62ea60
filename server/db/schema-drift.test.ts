import { writeFileSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { migrate } from "./migrations/migration-runner.ts";
import { findSchemaDrift, readDataModel } from "./schema-drift.ts";

describe("migrations match prisma/schema.prisma", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
    await migrate(t.url);
  });
  afterAll(async () => t?.close());

  it("an empty database migrated from scratch has no drift from the data model", async () => {
    expect(await findSchemaDrift(t.pool)).toEqual([]);
  });

  it("reports a schema change that has no migration", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-"));
    const schema = readFileSync("prisma/schema.prisma", "utf8")
      .replace('amount             Decimal  @db.Decimal(12, 2)', 'amount             Decimal  @db.Decimal(14, 2)')
      .replace("  @@index([clinicId, date])\n  @@index([sourceConnectionId])\n  @@map(\"patient_metrics\")", '  @@index([sourceConnectionId])\n  @@map("patient_metrics")')
      .replace("model UserClinicRole {", 'model UserClinicRole {\n  invitedAt DateTime? @map("invited_at")');
    const file = path.join(dir, "schema.prisma");
    writeFileSync(file, schema);
    const problems = await findSchemaDrift(t.pool, readDataModel(file));
    expect(problems).toContain("column financial_metrics.amount has type numeric(12,2), schema says numeric(14,2)");
    expect(problems).toContain("index patient_metrics_clinic_id_date_idx on patient_metrics exists in the database but not in schema.prisma");
    expect(problems).toContain("column user_clinic_roles.invited_at is missing from the database");
  });

  it("reports a database change that the schema does not know", async () => {
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`ALTER TABLE "goal_templates" ALTER COLUMN "category" DROP NOT NULL`);
      await client.query(`CREATE INDEX "stray_idx" ON "call_metrics"("date")`);
      const problems = await findSchemaDrift(client);
      expect(problems).toContain("column goal_templates.category is nullable, schema says required");
      expect(problems).toContain("index stray_idx on call_metrics exists in the database but not in schema.prisma");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
