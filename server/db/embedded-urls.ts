/**
 * The URLs of the embedded databases this process serves. Its own module (no PGlite import) so the
 * database client can ask without loading PGlite.
 */
const servedUrls = new Set<string>();

export function markEmbeddedDatabaseUrl(url: string, served: boolean): void {
  if (served) servedUrls.add(url);
  else servedUrls.delete(url);
}

/** Whether `url` points at an embedded database started by this process. */
export function isEmbeddedDatabaseUrl(url: string): boolean {
  return servedUrls.has(url);
}
