import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/config/env";

/** 256 random bits, URL-safe: session, pending sign-in and email-link tokens. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens with 256 bits of entropy need no slow hash: SHA-256 is enough to store them. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Shorter secrets (recovery codes) are hashed with a server-side key, so a copy of the
 * database alone cannot even confirm a guess.
 */
export function keyedHash(value: string): string {
  return createHmac("sha256", getConfig().AUTH_SECRET).update(value).digest("hex");
}

/** Constant-time comparison of two hex digests of equal length; anything else is unequal. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
