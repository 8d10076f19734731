/**
 * Key material and JWT signing as Keycloak does it: access and ID tokens RS256 with a `kid` from the
 * JWKS, refresh tokens HS512 with a realm secret (clients must treat them as opaque). The keys are
 * serialisable so a sandbox restarted from its state file still accepts the tokens it issued.
 */
import * as crypto from "node:crypto";
import { calculateJwkThumbprint, compactVerify, CompactSign, JWK } from "jose";

export interface KeyMaterial {
  signing: { kid: string; privateJwk: JWK };
  encryption: { kid: string; privateJwk: JWK };
  refresh: { kid: string; secret: string };
}

export type TokenCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: "invalid" | "expired" };

let processWideKeys: Promise<KeyMaterial> | undefined;

/**
 * RSA key generation costs ~100 ms per key; test runs start dozens of sandboxes, so fresh sandboxes in
 * one process share a key set. Their issuers differ (ports), so they still reject each other's tokens.
 */
export function defaultKeyMaterial(): Promise<KeyMaterial> {
  processWideKeys ??= generateKeyMaterial();
  return processWideKeys;
}

export async function generateKeyMaterial(): Promise<KeyMaterial> {
  const rsaJwk = async (): Promise<{ kid: string; privateJwk: JWK }> => {
    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const privateJwk = privateKey.export({ format: "jwk" }) as JWK;
    return { kid: await calculateJwkThumbprint(privateJwk), privateJwk };
  };
  return {
    signing: await rsaJwk(),
    encryption: await rsaJwk(),
    refresh: { kid: crypto.randomUUID(), secret: crypto.randomBytes(64).toString("base64url") },
  };
}

export class TokenSigner {
  private readonly signingKey: crypto.KeyObject;
  private readonly verifyingKey: crypto.KeyObject;
  private readonly refreshKey: crypto.KeyObject;

  constructor(private readonly keys: KeyMaterial) {
    this.signingKey = crypto.createPrivateKey({ key: keys.signing.privateJwk as crypto.JsonWebKey, format: "jwk" });
    this.verifyingKey = crypto.createPublicKey(this.signingKey);
    this.refreshKey = crypto.createSecretKey(Buffer.from(keys.refresh.secret, "base64url"));
  }

  /** The realm's `certs` document: Keycloak publishes a signature key and an encryption key. */
  jwks(): { keys: JWK[] } {
    const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, n: jwk.n, e: jwk.e });
    return {
      keys: [
        { kid: this.keys.signing.kid, kty: "RSA", alg: "RS256", use: "sig", ...publicPart(this.keys.signing.privateJwk) },
        { kid: this.keys.encryption.kid, kty: "RSA", alg: "RSA-OAEP", use: "enc", ...publicPart(this.keys.encryption.privateJwk) },
      ],
    };
  }

  signRs256(claims: Record<string, unknown>): Promise<string> {
    return this.sign(claims, { alg: "RS256", typ: "JWT", kid: this.keys.signing.kid }, this.signingKey);
  }

  signRefresh(claims: Record<string, unknown>): Promise<string> {
    return this.sign(claims, { alg: "HS512", typ: "JWT", kid: this.keys.refresh.kid }, this.refreshKey);
  }

  /** Signature and `exp` of an RS256 token from this realm; the caller checks issuer and `typ`. */
  verifyRs256(token: string): Promise<TokenCheck> {
    return this.verify(token, this.verifyingKey);
  }

  /** The claims of an RS256 token whose signature is good, expired or not (the 0.29 controller checks claims first). */
  async signedClaims(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await compactVerify(token, this.verifyingKey);
      const claims = JSON.parse(Buffer.from(payload).toString("utf8")) as unknown;
      return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  verifyRefresh(token: string): Promise<TokenCheck> {
    return this.verify(token, this.refreshKey);
  }

  private sign(claims: Record<string, unknown>, header: { alg: string; typ: string; kid: string }, key: crypto.KeyObject): Promise<string> {
    return new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader(header).sign(key);
  }

  private async verify(token: string, key: crypto.KeyObject): Promise<TokenCheck> {
    let claims: Record<string, unknown>;
    try {
      const { payload } = await compactVerify(token, key);
      claims = JSON.parse(Buffer.from(payload).toString("utf8")) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: "invalid" };
    }
    if (typeof claims !== "object" || claims === null || typeof claims.exp !== "number") return { ok: false, reason: "invalid" };
    if (claims.exp <= Date.now() / 1000) return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }
}
