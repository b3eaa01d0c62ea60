import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { decryptToken, encryptToken, keyIdOf, keyring, loadDevKey, needsReencryption, parseKeyring, TokenDecryptError, TokenKeyConfigError } from "./token-cipher.ts";

const k = () => randomBytes(32).toString("base64");
const SECRET = "1//0gFakeRefreshTokenForTests-abcdefghijklmnopqrstuvwxyz0123456789";

describe("token cipher (AES-256-GCM)", () => {
  const keys = parseKeyring(`k1:${k()}`);

  it("round-trips, with a fresh IV every time, in the documented format", () => {
    const a = encryptToken(SECRET, { keys });
    const b = encryptToken(SECRET, { keys });
    expect(a.keyId).toBe("k1");
    expect(a.value).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a.value).not.toBe(b.value);
    expect(decryptToken(a.value, { keys })).toBe(SECRET);
    expect(decryptToken(b.value, { keys })).toBe(SECRET);
    expect(keyIdOf(a.value)).toBe("k1");
  });

  it("never contains the plaintext, in any common encoding", () => {
    const { value } = encryptToken(SECRET, { keys });
    for (const form of [SECRET, Buffer.from(SECRET).toString("base64"), Buffer.from(SECRET).toString("base64url"), Buffer.from(SECRET).toString("hex"), SECRET.slice(5, 25)]) {
      expect(value).not.toContain(form);
    }
  });

  it("detects tampering: any flipped byte of IV, tag or ciphertext fails", () => {
    const { value } = encryptToken(SECRET, { keys });
    const parts = value.split(".");
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, "base64url");
      for (const at of [0, bytes.length - 1]) {
        const copy = Buffer.from(bytes);
        copy[at] = copy[at]! ^ 0x01;
        const forged = [...parts];
        forged[index] = copy.toString("base64url");
        expect(() => decryptToken(forged.join("."), { keys })).toThrow(TokenDecryptError);
      }
    }
    expect(() => decryptToken(value.slice(0, -2), { keys })).toThrow(TokenDecryptError);
    expect(() => decryptToken("not-a-token", { keys })).toThrow(TokenDecryptError);
  });

  it("binds the value to its context (a ciphertext moved to another row does not decrypt)", () => {
    const { value } = encryptToken(SECRET, { keys, context: "google_credentials:clinicA:user1:refresh_token" });
    expect(decryptToken(value, { keys, context: "google_credentials:clinicA:user1:refresh_token" })).toBe(SECRET);
    expect(() => decryptToken(value, { keys, context: "google_credentials:clinicB:user1:refresh_token" })).toThrow(TokenDecryptError);
    expect(() => decryptToken(value, { keys })).toThrow(TokenDecryptError);
  });

  it("refuses a wrong key with the same id, and names an unknown key id", () => {
    const { value } = encryptToken(SECRET, { keys });
    expect(() => decryptToken(value, { keys: parseKeyring(`k1:${k()}`) })).toThrow(/integrity check/);
    expect(() => decryptToken(value, { keys: parseKeyring(`k9:${k()}`) })).toThrow(/key "k1", which is not in TOKEN_ENCRYPTION_KEYS/);
  });

  it("rotates: a new first key encrypts, the old one still decrypts", () => {
    const oldKey = k();
    const before = parseKeyring(`old:${oldKey}`);
    const stored = encryptToken(SECRET, { keys: before }).value;
    const after = parseKeyring(`new:${k()},old:${oldKey}`);
    expect(decryptToken(stored, { keys: after })).toBe(SECRET);
    expect(needsReencryption(stored, after)).toBe(true);
    const rewritten = encryptToken(SECRET, { keys: after });
    expect(rewritten.keyId).toBe("new");
    expect(needsReencryption(rewritten.value, after)).toBe(false);
    expect(() => decryptToken(rewritten.value, { keys: before })).toThrow(TokenDecryptError);
  });

  it("parses TOKEN_ENCRYPTION_KEYS strictly, with one-line reasons", () => {
    expect(parseKeyring(` a:${k()} , b:${randomBytes(32).toString("base64url")} `).current.id).toBe("a");
    expect(() => parseKeyring("")).toThrow(TokenKeyConfigError);
    expect(() => parseKeyring(k())).toThrow(/needs a key id/);
    expect(() => parseKeyring(`a:${randomBytes(16).toString("base64")}`)).toThrow(/not 32 bytes/);
    expect(() => parseKeyring(`a:${k()},a:${k()}`)).toThrow(/twice/);
    expect(() => parseKeyring(`a.b:${k()}`)).toThrow(/needs a key id/);
    try {
      parseKeyring("x:short");
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
    }
  });

  describe("without TOKEN_ENCRYPTION_KEYS", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cp-token-key-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("development/test: a stable key from <DATA_DIR>/dev-token-key, created 0600", () => {
      const env = { NODE_ENV: "test", DATA_DIR: dir } as NodeJS.ProcessEnv;
      const first = keyring(env);
      expect(first.source).toBe("dev-file");
      expect(first.current.id).toMatch(/^dev-[0-9a-f]{8}$/);
      const file = path.join(dir, "dev-token-key");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, "utf8").trim()).toHaveLength(44);
      const value = encryptToken(SECRET, { keys: first }).value;
      // Another process (no cache) derives the same key from the file.
      expect(loadDevKey(dir).id).toBe(first.current.id);
      expect(decryptToken(value, { keys: { current: loadDevKey(dir), byId: new Map([[first.current.id, loadDevKey(dir)]]), source: "dev-file" } })).toBe(SECRET);
    });

    it("production refuses to start; the embedded demo may use the development key", () => {
      expect(() => keyring({ NODE_ENV: "production", DATA_DIR: dir } as NodeJS.ProcessEnv)).toThrow(/^TOKEN_ENCRYPTION_KEYS is not set/);
      expect(keyring({ NODE_ENV: "production", DATA_DIR: dir, CLINIC_PULSE_EMBEDDED_DB: "1" } as NodeJS.ProcessEnv).source).toBe("dev-file");
      expect(() => keyring({ NODE_ENV: "production", TOKEN_ENCRYPTION_KEYS: "nope" } as NodeJS.ProcessEnv)).toThrow(TokenKeyConfigError);
      expect(keyring({ NODE_ENV: "production", TOKEN_ENCRYPTION_KEYS: `prod1:${k()}` } as NodeJS.ProcessEnv).current.id).toBe("prod1");
    });
  });
});
