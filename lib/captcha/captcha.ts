import "server-only";
import { createHmac } from "node:crypto";
import { createChallenge, verifySolution } from "altcha-lib";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** A self-hosted proof of work (ALTCHA): no third party sees who solves it. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** About a second of work in a browser. */
const MAX_NUMBER = 100_000;

function hmacKey(): string {
  return createHmac("sha256", getConfig().AUTH_SECRET).update("latchkey:captcha").digest("hex");
}

export async function createCaptchaChallenge() {
  return createChallenge({ hmacKey: hmacKey(), maxNumber: MAX_NUMBER, expires: new Date(Date.now() + CHALLENGE_TTL_MS) });
}

/**
 * Throws unless the payload solves a challenge Latchkey issued that has not expired and was
 * not used before (each solution works once).
 */
export async function assertCaptchaSolved(payload: unknown): Promise<void> {
  const invalid = new AppError("INVALID_INPUT", "Complete the “I'm not a robot” check and try again.", { captcha: ["Complete the check."] });
  if (typeof payload !== "string" || payload.length === 0 || payload.length > 4096) throw invalid;
  if (!(await verifySolution(payload, hmacKey(), true).catch(() => false))) throw invalid;
  const key = `latchkey:captcha-used:${createHmac("sha256", hmacKey()).update(payload).digest("hex")}`;
  try {
    await db.rateLimiterFlexible.create({ data: { key, points: 1, expire: new Date(Date.now() + CHALLENGE_TTL_MS) } });
  } catch {
    throw invalid;
  }
}
