import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { assertFactorAttemptAllowed, clearFailedFactors, recordFailedFactor } from "@/lib/auth/lockout";
import { endUserSessions, type ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { revokeCredentialBoundTokens } from "@/lib/email-tokens/email-tokens";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

type ChangePasswordInput = { currentPassword?: string; newPassword: string; signOutOtherSessions: boolean };

const fieldError = (field: string, message: string) => new AppError("INVALID_INPUT", message, { [field]: [message] });

/**
 * Changes (or, for an account without one, sets) the password. Changing needs the current
 * password; setting needs a step-up. Other sessions end unless the person chose otherwise.
 */
export async function changePassword(session: ActiveSession, input: ChangePasswordInput, context: RequestContext): Promise<{ endedSessions: number }> {
  const userId = session.user.id;
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, email: true, firstName: true, lastName: true } });
  if (user.passwordHash) {
    // Counted like a sign-in: else a stolen session could guess the password here without limit.
    const attempt = await assertFactorAttemptAllowed(userId);
    if (!input.currentPassword || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await recordFailedFactor(userId, attempt, context);
      throw fieldError("currentPassword", "Your current password isn't right.");
    }
    await clearFailedFactors(userId);
    if (await verifyPassword(user.passwordHash, input.newPassword)) {
      throw fieldError("password", "Your new password must be different from your current one.");
    }
  } else {
    requireStepUp(session);
  }
  const weakness = weakPasswordReason(input.newPassword, user);
  if (weakness) throw fieldError("password", weakness);

  const passwordHash = await hashPassword(input.newPassword);
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    await revokeCredentialBoundTokens(tx, userId);
    const ended = input.signOutOtherSessions ? await endUserSessions(tx, userId, session.sessionId) : 0;
    await recordAuditEvent(tx, {
      action: "user.password_changed",
      userId,
      context,
      metadata: { set: !user.passwordHash, otherSessionsEnded: ended },
    });
    return ended;
  });
  await sendNotice(emails.passwordChanged(user.email));
  return { endedSessions };
}
