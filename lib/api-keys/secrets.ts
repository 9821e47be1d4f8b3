import "server-only";
import { createHmac, hash, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto/derived-key";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";

// A key's secret is random (190 bits), so a fast keyed digest stores it safely; a password
// hash would cost milliseconds on every API call (docs/decisions/0017-api-keys.md). The HMAC
// key is derived from ENCRYPTION_KEY, so a copy of the database alone cannot test guesses.
export function digestSecret(secret: string): string {
  return createHmac("sha256", deriveKey("latchkey api key digest")).update(secret).digest("hex");
}

/** Constant-time comparison of a presented secret's digest with a stored one. */
export function digestMatches(presentedDigest: string, storedDigest: string | null): boolean {
  if (!storedDigest || storedDigest.length !== presentedDigest.length) return false;
  return timingSafeEqual(Buffer.from(presentedDigest, "hex"), Buffer.from(storedDigest, "hex"));
}

/** An unkeyed SHA-256 of a secret, kept only in memory beside a cache entry (lib/api-keys/authenticate.ts). */
export function fingerprintSecret(secret: string): Buffer {
  return Buffer.from(hash("sha256", secret), "hex");
}

export function fingerprintMatches(presented: Buffer, verified: Buffer): boolean {
  return timingSafeEqual(presented, verified);
}

/** Binds a sealed key to its row: a ciphertext moved to another key, organization or version fails. */
function associatedData(key: { id: string; orgId: string; version: number }): string {
  return `api-key:${key.id}:${key.orgId}:${key.version}`;
}

export function sealApiKey(key: { id: string; orgId: string; version: number }, plaintext: string): string {
  return encryptSecret(plaintext, associatedData(key));
}

export function unsealApiKey(key: { id: string; orgId: string; version: number; sealedKey: string }): string {
  return decryptSecret(key.sealedKey, associatedData(key));
}
