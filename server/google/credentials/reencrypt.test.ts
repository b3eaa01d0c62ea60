import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createUser } from "../../test/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { reencryptAll } from "./reencrypt.ts";
import { decryptFor, encryptFor } from "./token-store.ts";

describe("reencryptAll (key rotation)", () => {
  let t: TestDatabase;
  const oldKey = `old:${randomBytes(32).toString("base64")}`;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("moves every token to the first key; rows it cannot decrypt are reported, not changed", async () => {
    process.env.TOKEN_ENCRYPTION_KEYS = oldKey;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const clinic = await createClinic(t.db);
      const user = await createUser(t.db);
      const row = { clinicId: clinic.id, userId: user.id };
      const access = encryptFor(row, "access_token", `ya29.access-${i}`);
      const created = await t.db.googleCredential.create({
        data: { ...row, accessToken: access.value, keyId: access.keyId, refreshToken: encryptFor(row, "refresh_token", `1//refresh-${i}`).value, scope: [] },
      });
      ids.push(created.id);
    }
    // One row encrypted with a key nobody has any more.
    await t.db.googleCredential.update({ where: { id: ids[4]! }, data: { accessToken: "v1.gone.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA" } });

    process.env.TOKEN_ENCRYPTION_KEYS = `new:${randomBytes(32).toString("base64")},${oldKey}`;
    const report = await reencryptAll(t.db, { batchSize: 2 });
    expect(report).toMatchObject({ keyId: "new", scanned: 5, reencrypted: 4 });
    expect(report.failed.map((f) => f.id)).toEqual([ids[4]]);
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const row = await t.db.googleCredential.findUniqueOrThrow({ where: { id } });
      expect(row.keyId).toBe("new");
      expect(row.accessToken).toMatch(/^v1\.new\./);
      expect(decryptFor(row, "access_token", row.accessToken)).toBe(`ya29.access-${i}`);
      expect(decryptFor(row, "refresh_token", row.refreshToken!)).toBe(`1//refresh-${i}`);
    }
    // The old key can now go.
    process.env.TOKEN_ENCRYPTION_KEYS = process.env.TOKEN_ENCRYPTION_KEYS.split(",")[0]!;
    const again = await reencryptAll(t.db);
    expect(again.reencrypted).toBe(0);
  });
});
