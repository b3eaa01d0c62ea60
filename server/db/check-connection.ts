import pg from "pg";
import { redactDatabaseUrl } from "./database-url.ts";

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

/** Opens one connection and runs SELECT 1; explains the failure in one line. */
export async function checkConnection(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnreachableError(
      `Cannot reach the database at ${redactDatabaseUrl(url)} (${reason}). Check that PostgreSQL is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
