import "server-only";
import { db } from "@/lib/db/client";
import { emails } from "@/lib/email/templates";
import { sendNotice } from "@/lib/email/send-email";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { RATE_LIMITS, RateLimitedError, isLimited, limit, resetLimit } from "@/lib/rate-limit/limit";

/**
 * One counter per account for every failed factor (password, TOTP, recovery code, step-up),
 * whatever the IP: after RATE_LIMITS["auth-failures:account"].points failures the account
 * is locked for its block time, and its owner is emailed once.
 */
export async function assertNotLockedOut(userId: string): Promise<void> {
  const { limited, retryAfterSeconds } = await isLimited("auth-failures:account", userId);
  if (limited) throw new RateLimitedError(retryAfterSeconds);
}

export async function recordFailedFactor(userId: string, context: RequestContext): Promise<void> {
  try {
    await limit("auth-failures:account", userId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // Only the failure that crosses the line locks, logs and mails.
    if (error.consumedPoints === RATE_LIMITS["auth-failures:account"].points + 1) {
      const user = await db.$transaction(async (tx) => {
        await recordAuditEvent(tx, { action: "user.locked_out", userId, context });
        return tx.user.findUnique({ where: { id: userId }, select: { email: true } });
      });
      if (user) await sendNotice(emails.accountLocked(user.email, Math.ceil((RATE_LIMITS["auth-failures:account"].blockSeconds ?? 900) / 60)));
    }
  }
}

export async function clearFailedFactors(userId: string): Promise<void> {
  await resetLimit("auth-failures:account", userId);
}
