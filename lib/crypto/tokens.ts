import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: session, pending sign-in and email-link tokens. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens with 256 bits of entropy need no slow hash: SHA-256 is enough to store them. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
