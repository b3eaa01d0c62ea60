import { test as base, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../../server/auth/password.ts";
import type { Role } from "../../server/auth/permissions.ts";
import { generateToken, hashToken } from "../../server/auth/tokens.ts";
import { E2E_BASE_URL, E2E_DATABASE_URL } from "./e2e-config.ts";

/**
 * Playwright fixtures that create users, clinics and sessions directly in the app's database and
 * remove them afterwards, so specs do not depend on each other or on the demo data.
 */
export interface SeededUser {
  id: string;
  email: string;
  name: string;
  password: string;
}

interface Fixtures {
  sql: pg.Pool;
  createUser: (opts?: { name?: string; email?: string }) => Promise<SeededUser>;
  createClinic: (name: string, members: { user: SeededUser; role: Role }[]) => Promise<{ id: string; name: string }>;
  signInAs: (page: Page, user: SeededUser) => Promise<void>;
}

const pool = new pg.Pool({ connectionString: E2E_DATABASE_URL, max: 2 });
let passwordHash: Promise<string> | undefined;
const PASSWORD = "e2e passphrase that works";

/**
 * Removes test clinics and everything that points at them. Tables are found by their clinic_id
 * column; a few passes let foreign keys between them resolve in any order.
 */
async function deleteClinics(ids: string[]) {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'clinic_id' AND table_name <> 'clinics'`,
  );
  let pending = rows.map((r) => r.table_name);
  for (let pass = 0; pass < 6 && pending.length > 0; pass++) {
    const failed: string[] = [];
    for (const table of pending) {
      await pool.query(`DELETE FROM "${table}" WHERE clinic_id = ANY($1)`, [ids]).catch(() => failed.push(table));
    }
    pending = failed;
  }
  await pool.query(`DELETE FROM clinics WHERE id = ANY($1)`, [ids]);
}

export const test = base.extend<Fixtures>({
  sql: async ({}, use) => {
    await use(pool);
  },
  createUser: async ({}, use) => {
    const created: string[] = [];
    await use(async (opts = {}) => {
      const id = `e2e_${generateToken(8)}`;
      const email = opts.email ?? `${id}@e2e.test`;
      const name = opts.name ?? "E2E User";
      await pool.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'staff', $4)`, [id, email, name, await (passwordHash ??= hashPassword(PASSWORD))]);
      created.push(id);
      return { id, email, name, password: PASSWORD };
    });
    if (created.length) {
      await pool.query(`DELETE FROM user_clinic_roles WHERE user_id = ANY($1)`, [created]);
      await pool.query(`DELETE FROM users WHERE id = ANY($1)`, [created]);
    }
  },
  createClinic: async ({}, use) => {
    const created: string[] = [];
    await use(async (name, members) => {
      const id = `e2e_clinic_${generateToken(8)}`;
      await pool.query(`INSERT INTO clinics (id, name, location) VALUES ($1, $2, 'E2E')`, [id, name]);
      for (const m of members) {
        await pool.query(`INSERT INTO user_clinic_roles (id, user_id, clinic_id, role) VALUES ($1, $2, $3, $4)`, [`e2e_role_${generateToken(8)}`, m.user.id, id, m.role]);
      }
      created.push(id);
      return { id, name };
    });
    if (created.length) await deleteClinics(created);
  },
  signInAs: async ({}, use) => {
    await use(async (page, user) => {
      const sessionId = generateToken(15);
      const secret = generateToken(32);
      await pool.query(`INSERT INTO sessions (id, user_id, secret_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [sessionId, user.id, hashToken(secret)]);
      await page.context().addCookies([{ name: "cp_session", value: `${sessionId}.${secret}`, url: E2E_BASE_URL, httpOnly: true, sameSite: "Lax" }]);
    });
  },
});

export { expect } from "@playwright/test";
