// Encryption at rest for OAuth tokens: AES-256-GCM with a random 12-byte IV and the 16-byte tag,
// serialised as `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). Keys come from
// TOKEN_ENCRYPTION_KEYS ("keyId:base64-32-bytes,..."): the first encrypts, every one decrypts, so
// a key can be rotated by putting the new one first and re-encrypting (reencrypt-tokens.ts).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { logger } from "../../log/logger.ts";

export const TOKEN_FORMAT_VERSION = "v1";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface TokenKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** The key new values are encrypted with. */
  current: TokenKey;
  /** Every key that may decrypt, by id (includes `current`). */
  byId: ReadonlyMap<string, TokenKey>;
  /** Where the keys came from: the environment, or the development key file. */
  source: "env" | "dev-file";
}

/** A configuration problem with the keys: the message is one line, fit for a start-up failure. */
export class TokenKeyConfigError extends Error {
  override name = "TokenKeyConfigError";
}

/** A value that cannot be decrypted (tampered with, truncated, or encrypted with a key we do not hold). */
export class TokenDecryptError extends Error {
  override name = "TokenDecryptError";
}

function decodeBase64Key(raw: string): Buffer | null {
  const text = raw.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === KEY_BYTES ? bytes : null;
}

/** Parses TOKEN_ENCRYPTION_KEYS. Throws TokenKeyConfigError with a one-line reason. */
export function parseKeyring(value: string): Keyring {
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (entries.length === 0) throw new TokenKeyConfigError("TOKEN_ENCRYPTION_KEYS is empty: expected keyId:base64-32-bytes[,keyId:base64-32-bytes…].");
  const keys: TokenKey[] = [];
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const id = colon > 0 ? entry.slice(0, colon) : "";
    if (!KEY_ID.test(id)) {
      throw new TokenKeyConfigError(`TOKEN_ENCRYPTION_KEYS entry ${i + 1} needs a key id (letters, digits, - or _, at most 32) before a colon, as keyId:base64-32-bytes.`);
    }
    const key = decodeBase64Key(entry.slice(colon + 1));
    if (!key) {
      throw new TokenKeyConfigError(`TOKEN_ENCRYPTION_KEYS key "${id}" is not 32 bytes of base64; generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`);
    }
    if (keys.some((k) => k.id === id)) throw new TokenKeyConfigError(`TOKEN_ENCRYPTION_KEYS names key "${id}" twice.`);
    keys.push({ id, key });
  }
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])), source: "env" };
}

/**
 * The development key: 32 random bytes kept in `<dataDir>/dev-token-key` (mode 0600), created on
 * first use. Created under a temporary name and hard-linked into place, so two processes starting
 * together agree on one key.
 */
export function loadDevKey(dataDir: string): TokenKey {
  const file = path.resolve(dataDir, "dev-token-key");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    const fd = openSync(tmp, "wx", 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString("base64")}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, file);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== "EEXIST") throw linkError;
    } finally {
      unlinkSync(tmp);
    }
    text = readFileSync(file, "utf8");
  }
  const key = decodeBase64Key(text);
  if (!key) throw new TokenKeyConfigError(`${file} is not a development token key (32 bytes of base64). Delete it to create a new one; tokens stored with the old one must be reconnected.`);
  // The id names this exact key, so a value from a deleted key file fails with "unknown key" rather than a tag error.
  const id = `dev-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
  return { id, key };
}

/** Whether the app runs as the embedded, self-contained demo (embedded PGlite). */
function isEmbeddedDemo(source: NodeJS.ProcessEnv): boolean {
  return source.CLINIC_PULSE_EMBEDDED_DB === "1";
}

let cache: { signature: string; keyring: Keyring } | undefined;
let warned = false;

/**
 * The keyring for this process. TOKEN_ENCRYPTION_KEYS when set (malformed → TokenKeyConfigError);
 * otherwise, outside production (or in the embedded demo), the development key file with a warning;
 * in production a TokenKeyConfigError.
 */
export function keyring(source: NodeJS.ProcessEnv = process.env): Keyring {
  const value = source.TOKEN_ENCRYPTION_KEYS;
  const dataDir = source.DATA_DIR ?? ".data";
  const production = source.NODE_ENV === "production" && !isEmbeddedDemo(source);
  const signature = `${value ?? ""}\u0000${dataDir}\u0000${production}`;
  if (cache?.signature === signature) return cache.keyring;
  let result: Keyring;
  if (value !== undefined && value.trim() !== "") {
    result = parseKeyring(value);
  } else if (production) {
    throw new TokenKeyConfigError(
      "TOKEN_ENCRYPTION_KEYS is not set: production needs a key to encrypt Google tokens (keyId:base64-32-bytes; see .env.example).",
    );
  } else {
    const key = loadDevKey(dataDir);
    if (!warned) {
      warned = true;
      logger().warn(
        { keyId: key.id, file: path.join(dataDir, "dev-token-key") },
        "TOKEN_ENCRYPTION_KEYS is not set: Google tokens are encrypted with a development key from the data folder. Set TOKEN_ENCRYPTION_KEYS in production.",
      );
    }
    result = { current: key, byId: new Map([[key.id, key]]), source: "dev-file" };
  }
  cache = { signature, keyring: result };
  return result;
}

/** For the launcher: throws TokenKeyConfigError (one line) when the keys are missing or malformed. */
export function assertTokenKeysConfigured(source: NodeJS.ProcessEnv = process.env): Keyring {
  return keyring(source);
}

const b64url = (b: Buffer) => b.toString("base64url");

function fromB64url(part: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new TokenDecryptError(`Encrypted token has a malformed ${what}.`);
  return Buffer.from(part, "base64url");
}

/**
 * Encrypts `plaintext`. `context` (optional) is authenticated but not stored — e.g. the row and
 * column the value belongs to — so a ciphertext copied into another row does not decrypt.
 */
export function encryptToken(plaintext: string, opts: { context?: string; keys?: Keyring } = {}): { value: string; keyId: string } {
  const { current } = opts.keys ?? keyring();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(current.id, opts.context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { value: [TOKEN_FORMAT_VERSION, current.id, b64url(iv), b64url(tag), b64url(ciphertext)].join("."), keyId: current.id };
}

/** The key id a stored value was encrypted with (without decrypting it). */
export function keyIdOf(value: string): string {
  const parts = value.split(".");
  if (parts.length !== 5 || parts[0] !== TOKEN_FORMAT_VERSION || !parts[1]) throw new TokenDecryptError("Not an encrypted token (expected v1.<keyId>.<iv>.<tag>.<ciphertext>).");
  return parts[1];
}

/** Decrypts a value made by encryptToken (with the same `context`). Throws TokenDecryptError. */
export function decryptToken(value: string, opts: { context?: string; keys?: Keyring } = {}): string {
  const parts = value.split(".");
  if (parts.length !== 5 || parts[0] !== TOKEN_FORMAT_VERSION) throw new TokenDecryptError("Not an encrypted token (expected v1.<keyId>.<iv>.<tag>.<ciphertext>).");
  const [, keyId, ivPart, tagPart, dataPart] = parts as [string, string, string, string, string];
  const key = (opts.keys ?? keyring()).byId.get(keyId);
  if (!key) throw new TokenDecryptError(`Token was encrypted with key "${keyId}", which is not in TOKEN_ENCRYPTION_KEYS.`);
  const iv = fromB64url(ivPart, "IV");
  const tag = fromB64url(tagPart, "tag");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptError("Encrypted token has a malformed IV or tag.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId, opts.context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(fromB64url(dataPart, "ciphertext")), decipher.final()]).toString("utf8");
  } catch (error) {
    if (error instanceof TokenDecryptError) throw error;
    throw new TokenDecryptError("Encrypted token failed its integrity check (tampered with, or the wrong key or context).");
  }
}

/** Whether a value should be re-encrypted because it does not use the current key. */
export function needsReencryption(value: string, keys: Keyring = keyring()): boolean {
  return keyIdOf(value) !== keys.current.id;
}

function aad(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(`${TOKEN_FORMAT_VERSION}|${keyId}|${context ?? ""}`, "utf8");
}
