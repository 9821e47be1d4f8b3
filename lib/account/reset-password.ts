import "server-only";
import { clearFailedFactors } from "@/lib/auth/lockout";
import { hashPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { db, type Tx } from "@/lib/db/client";
import { consumeEmailToken, findEmailToken, issueEmailToken, revokeCredentialBoundTokens } from "@/lib/email-tokens/email-tokens";
import { sendInBackground, sendNotice } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit, withinLimit } from "@/lib/rate-limit/limit";

/**
 * A reset request is answered this long after it arrived (unless its work took longer), so
 * the time of the answer tells nothing about the address: not the account lookup, not the
 * load of the moment.
 */
const RESET_ANSWER_MS = 250;

/**
 * Mails a reset link when the address has an account. The answer is the same either way,
 * and the same when this address already had its share of links (saying "try again later"
 * would tell that someone asked for it before): only the per-IP limit can refuse.
 */
export async function requestPasswordReset(email: string, context: RequestContext): Promise<void> {
  if (context.ipAddress) await limit("email:ip", context.ipAddress);
  const answerAt = Date.now() + RESET_ANSWER_MS;
  const addressWithinLimit = await withinLimit("email:address", email);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  // Every answer does the same work: one transaction with one log entry. The link is issued
  // and mailed in the background, so neither that work nor a slow SMTP server shows.
  await db.$transaction((tx) => recordAuditEvent(tx, { action: "user.password_reset_requested", userId: user?.id ?? null, context }));
  if (user && addressWithinLimit) {
    sendInBackground(async () => {
      const token = await db.$transaction((tx) => issueEmailToken(tx, user.id, "reset_password", email));
      return emails.passwordReset(email, appLink(`/reset-password/${token}`));
    });
  }
  await new Promise((resolve) => setTimeout(resolve, answerAt - Date.now()));
}

/** What the reset page shows before the new password is chosen; null for a dead link. */
export async function getPasswordResetLink(token: string): Promise<{ hasTwoFactor: boolean } | null> {
  const live = await findEmailToken("reset_password", token);
  if (!live) return null;
  const user = await db.user.findUnique({ where: { id: live.userId }, select: { totpEnabledAt: true } });
  return user ? { hasTwoFactor: user.totpEnabledAt !== null } : null;
}

/**
 * Sets a new password from a reset link: single use, ends every session of the account and
 * does not sign anyone in. Two-factor authentication stays on, except on an account whose
 * address was never verified: there the link is the first proof of who owns the address, so
 * every sign-in method added before it goes, and the address counts as verified
 * (docs/decisions/0010-verified-email-before-new-sign-in-methods.md).
 */
export async function resetPassword(token: string, newPassword: string, context: RequestContext): Promise<void> {
  const live = await findEmailToken("reset_password", token);
  if (!live) throw new AppError("NOT_FOUND", "This reset link has expired or was already used. Ask for a new one.");
  const user = await db.user.findUniqueOrThrow({ where: { id: live.userId }, select: { email: true, firstName: true, lastName: true } });
  const weakness = weakPasswordReason(newPassword, user);
  if (weakness) throw new AppError("INVALID_INPUT", weakness, { password: [weakness] });
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    if (!(await consumeEmailToken(tx, "reset_password", token))) {
      throw new AppError("NOT_FOUND", "This reset link has expired or was already used. Ask for a new one.");
    }
    const account = await tx.user.update({
      where: { id: live.userId },
      data: { passwordHash, passwordChangedAt: new Date() },
      select: { email: true, emailVerifiedAt: true },
    });
    await revokeCredentialBoundTokens(tx, live.userId);
    await tx.session.deleteMany({ where: { userId: live.userId } });
    await tx.pendingSignIn.deleteMany({ where: { userId: live.userId } });
    await recordAuditEvent(tx, { action: "user.password_reset", userId: live.userId, context });
    if (!account.emailVerifiedAt && account.email === live.email) await claimUnverifiedAccount(tx, live.userId, context);
  });
  // The new password is proof enough: a lockout from before the reset ends with it.
  await clearFailedFactors(live.userId);
  await sendNotice(emails.passwordWasReset(user.email));
}

/**
 * The reset link's owner takes over an account someone may have signed up with their address:
 * passkeys, the authenticator app, recovery codes and open ceremonies made before now are
 * removed (sessions and pending sign-ins already are), and the address is verified.
 */
async function claimUnverifiedAccount(tx: Tx, userId: string, context: RequestContext): Promise<void> {
  const [passkeys, recoveryCodes] = await Promise.all([tx.passkey.deleteMany({ where: { userId } }), tx.recoveryCode.deleteMany({ where: { userId } })]);
  const { totpEnabledAt } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  await tx.user.update({
    where: { id: userId },
    data: {
      emailVerifiedAt: new Date(),
      totpSecretCiphertext: null,
      totpEnabledAt: null,
      totpLastUsedStep: null,
      totpPendingSecretCiphertext: null,
      totpPendingExpiresAt: null,
    },
  });
  await tx.webAuthnChallenge.deleteMany({ where: { userId } });
  await tx.emailToken.deleteMany({ where: { userId, purpose: "verify_email", usedAt: null } });
  await recordAuditEvent(tx, {
    action: "user.unverified_credentials_removed",
    userId,
    context,
    metadata: { passkeys: passkeys.count, recoveryCodes: recoveryCodes.count, twoFactor: totpEnabledAt !== null },
  });
  await recordAuditEvent(tx, { action: "user.email_verified", userId, context, metadata: { by: "password_reset" } });
}
