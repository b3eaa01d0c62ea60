/** Validates a PostgreSQL connection string and explains in one line what is wrong with it. */
export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DatabaseConfigError(
      "DATABASE_URL is not a valid URL. Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use the embedded database.",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new DatabaseConfigError(
      `DATABASE_URL must start with postgresql:// (got ${url.protocol}//). Unset it to use the embedded database.`,
    );
  }
  if (!url.hostname) throw new DatabaseConfigError("DATABASE_URL has no host name.");
  if (url.pathname.length <= 1) throw new DatabaseConfigError("DATABASE_URL names no database (…/DATABASE at the end).");
  return url;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(raw: string, database: string): string {
  const url = parseDatabaseUrl(raw);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A URL with the password hidden, for logs and error messages. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
