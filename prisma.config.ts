import { defineConfig } from "prisma/config";

// The database URL is read by the app at run time (server/db/env); the CLI only needs it for
// commands that connect, which our machines cannot run (see docs/database.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "node --import tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/clinic_pulse" },
});
