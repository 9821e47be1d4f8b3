// TOTP (RFC 6238) through otplib: SHA-1, 6 digits, 30-second steps, ±1 step of clock skew.
// otplib remembers nothing, so replay protection is the caller's `lastUsedStep`.
import { generate, generateSecret, generateURI, verify } from "otplib";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** ±30 s overlaps exactly the previous, current and next step. */
const TOTP_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
/** 160 bits, as RFC 4226 recommends. */
const TOTP_SECRET_BYTES = 20;
export const TOTP_ISSUER = "Latchkey";

export function generateTotpSecret(): string {
  return generateSecret({ length: TOTP_SECRET_BYTES });
}

export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, algorithm: "sha1", digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** A code for a moment: for tests and for the known-answer vectors. */
export function totpCode(secret: string | Uint8Array, epochSeconds: number, digits: 6 | 8 = TOTP_DIGITS): Promise<string> {
  return generate({ secret, epoch: epochSeconds, digits, algorithm: "sha1", period: TOTP_PERIOD_SECONDS });
}

/** Digits only, spaces and dashes ignored ("123 456"). */
export function normalizeTotpCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

export type TotpCheck = { valid: true; timeStep: number } | { valid: false; replayed: boolean };

/**
 * Accepts a code of the previous, current or next step that is newer than the last code
 * accepted for this secret. A code of an already-used step (or earlier) is a replay.
 */
export async function checkTotpCode({ secret, code, lastUsedStep }: { secret: string; code: string; lastUsedStep: number | null }, now: Date = new Date()): Promise<TotpCheck> {
  const token = normalizeTotpCode(code);
  if (!token) return { valid: false, replayed: false };
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    algorithm: "sha1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  if (!result.valid || !("timeStep" in result)) return { valid: false, replayed: false };
  if (lastUsedStep !== null && result.timeStep <= lastUsedStep) return { valid: false, replayed: true };
  return { valid: true, timeStep: result.timeStep };
}
