import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/env";

const VERSION = "v1";
const IV_BYTES = 12;

function key(): Buffer {
  return Buffer.from(getConfig().ENCRYPTION_KEY, "base64");
}

/**
 * AES-256-GCM with a fresh 96-bit nonce. `associatedData` binds the ciphertext to its row
 * (e.g. "totp:<userId>"), so a ciphertext copied to another row does not decrypt.
 * Format: v1.<iv>.<ciphertext>.<tag>, base64url.
 */
export function encryptSecret(plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Throws when the ciphertext was altered, moved to another row, or made with another key. */
export function decryptSecret(sealed: string, associatedData: string): string {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error("Unknown ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
