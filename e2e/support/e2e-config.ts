/** Ports of the app and its database under Playwright (fixtures talk to the database directly). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4319);
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 54329);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${E2E_DB_PORT}/postgres?sslmode=disable`;
