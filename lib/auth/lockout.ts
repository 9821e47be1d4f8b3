import "server-only";
import { db } from "@/lib/db/client";
import { emails } from "@/lib/email/templates";
import { sendNotice } from "@/lib/email/send-email";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { metrics } from "@/lib/operations/metrics.mjs";
import { RATE_LIMITS, RateLimitedError, limit, resetLimit } from "@/lib/rate-limit/limit";

/** Failed factors an account may take in the window; the next attempt is refused. */
export const LOCKOUT_THRESHOLD = RATE_LIMITS["auth-failures:account"].points;

/**
 * A password sign-in refused because its counter is locked. An unknown address has a
 * counter of its own that locks after as many attempts, and gets this same answer, so the
 * message tells nothing about whether an account exists.
 */
export class SignInPausedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super("RATE_LIMITED", `Too many attempts. Sign-in is paused for ${minutes} minute${minutes === 1 ? "" : "s"}; we emailed you.`);
  }
}

export type FactorAttempt = { locked: boolean; consumed: number; retryAfterSeconds: number };

/**
 * One counter per account for every factor checked (password, TOTP, recovery code,
 * step-up), whatever the IP. Each attempt is counted BEFORE the factor is checked, so a
 * burst of parallel guesses cannot get past the budget; a success clears the count.
 * After LOCKOUT_THRESHOLD failures the next attempt is refused for the block time.
 */
export async function beginFactorAttempt(key: string): Promise<FactorAttempt> {
  try {
    return { locked: false, consumed: await limit("auth-failures:account", key), retryAfterSeconds: 0 };
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return { locked: true, consumed: error.consumedPoints, retryAfterSeconds: error.retryAfterSeconds };
  }
}

/** Throws RateLimitedError when the account is locked; else counts the attempt. */
export async function assertFactorAttemptAllowed(userId: string): Promise<FactorAttempt> {
  const attempt = await beginFactorAttempt(userId);
  if (attempt.locked) throw new RateLimitedError(attempt.retryAfterSeconds, attempt.consumed);
  return attempt;
}

/** After a failed check: the failure that uses up the budget locks, logs and mails, once. */
export async function recordFailedFactor(userId: string, attempt: FactorAttempt, context: RequestContext): Promise<void> {
  if (attempt.locked || attempt.consumed !== LOCKOUT_THRESHOLD) return;
  metrics.lockouts.inc();
  const user = await db.$transaction(async (tx) => {
    await recordAuditEvent(tx, { action: "user.locked_out", userId, context });
    return tx.user.findUnique({ where: { id: userId }, select: { email: true } });
  });
  if (user) await sendNotice(emails.accountLocked(user.email, Math.ceil((RATE_LIMITS["auth-failures:account"].blockSeconds ?? 900) / 60)));
}

export async function clearFailedFactors(userId: string): Promise<void> {
  await resetLimit("auth-failures:account", userId);
}
