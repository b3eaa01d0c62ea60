// Key rotation, step 2: after putting a new key first in TOKEN_ENCRYPTION_KEYS (old keys kept after
// it), re-encrypt every stored Google token with the new key; then the old key can be removed.
// Tokens are also re-encrypted lazily whenever a sync uses them; this does all of them at once.
import type { Db } from "../../db/client.ts";
import { runAsSystem } from "../../tenancy/system-db.ts";
import { keyIdOf, keyring } from "../crypto/token-cipher.ts";
import { decryptFor, encryptFor } from "./token-store.ts";

export interface ReencryptReport {
  /** The key everything is now encrypted with. */
  keyId: string;
  scanned: number;
  reencrypted: number;
  /** Rows that could not be decrypted with any configured key (they need reconnecting). */
  failed: { id: string; clinicId: string; error: string }[];
}

/** Re-encrypts every google_credentials row not on the current key (all clinics: an operator task). */
export async function reencryptAll(db: Db, opts: { batchSize?: number; actor?: string } = {}): Promise<ReencryptReport> {
  const keys = keyring();
  const batchSize = opts.batchSize ?? 200;
  const report: ReencryptReport = { keyId: keys.current.id, scanned: 0, reencrypted: 0, failed: [] };
  await runAsSystem(db, { reason: "google:reencrypt-tokens", actor: opts.actor ?? "cli" }, async (system) => {
    let cursor: string | undefined;
    for (;;) {
      const rows = await system.googleCredential.findMany({
        orderBy: { id: "asc" },
        take: batchSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, clinicId: true, userId: true, accessToken: true, refreshToken: true },
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]!.id;
      for (const row of rows) {
        report.scanned++;
        try {
          const stale = keyIdOf(row.accessToken) !== keys.current.id || (row.refreshToken !== null && keyIdOf(row.refreshToken) !== keys.current.id);
          if (!stale) continue;
          const access = encryptFor(row, "access_token", decryptFor(row, "access_token", row.accessToken, keys), keys);
          const refresh = row.refreshToken ? encryptFor(row, "refresh_token", decryptFor(row, "refresh_token", row.refreshToken, keys), keys).value : null;
          // Only if nobody changed the row meanwhile (a refresh during the rotation keeps its newer token).
          const updated = await system.googleCredential.updateMany({
            where: { id: row.id, accessToken: row.accessToken },
            data: { accessToken: access.value, refreshToken: refresh, keyId: access.keyId },
          });
          report.reencrypted += updated.count;
        } catch (error) {
          report.failed.push({ id: row.id, clinicId: row.clinicId, error: (error as Error).message });
        }
      }
    }
  });
  return report;
}
