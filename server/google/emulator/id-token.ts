// RS256 ID tokens signed with a per-process key; public keys served at /oauth2/v1/certs (PEM) and /oauth2/v3/certs (JWK)
// so `OAuth2Client.verifyIdToken()` works when its federated-signon endpoints point at the emulator.
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

export const ID_TOKEN_ISSUER = "https://accounts.google.com";

export interface IdTokenClaims {
  aud: string;
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  nonce?: string;
}

export class IdTokenSigner {
  private keys?: { kid: string; privateKey: KeyObject; publicKey: KeyObject };

  private get key() {
    this.keys ??= { kid: randomBytes(20).toString("hex"), ...generateKeyPairSync("rsa", { modulusLength: 2048 }) };
    return this.keys;
  }

  sign(claims: IdTokenClaims, nowMs: number, ttlSeconds = 3600): string {
    const { kid, privateKey } = this.key;
    const iat = Math.floor(nowMs / 1000);
    const header = { alg: "RS256", kid, typ: "JWT" };
    const payload = { iss: ID_TOKEN_ISSUER, azp: claims.aud, ...claims, iat, exp: iat + ttlSeconds };
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const signed = `${enc(header)}.${enc(payload)}`;
    const signature = createSign("RSA-SHA256").update(signed).sign(privateKey).toString("base64url");
    return `${signed}.${signature}`;
  }

  /** `{ [kid]: PEM }` like https://www.googleapis.com/oauth2/v1/certs (SPKI public key instead of an X.509 cert). */
  pemCerts(): Record<string, string> {
    const { kid, publicKey } = this.key;
    return { [kid]: publicKey.export({ type: "spki", format: "pem" }).toString() };
  }

  /** `{ keys: [JWK] }` like https://www.googleapis.com/oauth2/v3/certs. */
  jwkCerts(): { keys: object[] } {
    const { kid, publicKey } = this.key;
    return { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] };
  }
}
