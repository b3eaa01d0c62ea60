// node --import tsx server/google/crypto/reencrypt-cli.ts
// Re-encrypts every stored Google token with the first key of TOKEN_ENCRYPTION_KEYS (see docs/google.md,
// "Rotating the encryption key"). Uses DATABASE_URL, or the embedded database in DATA_DIR when unset.
import { existsSync } from "node:fs";
import { openDatabase } from "../../db/bootstrap.ts";
import { disconnectDb, db } from "../../db/client.ts";
import { runCli } from "../../db/cli/run-cli.ts";
import { reencryptAll } from "../credentials/reencrypt.ts";
import { assertTokenKeysConfigured } from "./token-cipher.ts";

if (existsSync(".env")) process.loadEnvFile(".env");

await runCli(async () => {
  const handle = await openDatabase();
  if (handle.embedded) process.env.CLINIC_PULSE_EMBEDDED_DB = "1";
  try {
    assertTokenKeysConfigured();
    const report = await reencryptAll(db(), { actor: `cli:${process.env.USER ?? "operator"}` });
    console.log(`Scanned ${report.scanned} Google credential(s); re-encrypted ${report.reencrypted} with key "${report.keyId}".`);
    for (const f of report.failed) console.log(`  could not decrypt credential ${f.id} (clinic ${f.clinicId}): ${f.error}`);
    if (report.failed.length > 0) {
      console.log(`${report.failed.length} credential(s) need reconnecting; keep their old key in TOKEN_ENCRYPTION_KEYS if it still exists.`);
      process.exitCode = 2;
    }
  } finally {
    await disconnectDb();
    await handle.stop();
  }
});
