import "server-only";
import QRCode from "qrcode";
import { requireVerifiedEmail } from "@/lib/account/require-verified-email";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { totpAssociatedData } from "@/lib/auth/second-factor";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db/client";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";
import { replaceRecoveryCodes } from "./recovery-codes";
import { checkTotpCode, generateTotpSecret, totpUri } from "./totp";

/** A set-up left unconfirmed this long must start again. */
export const TOTP_SETUP_TTL_MS = 10 * 60 * 1000;

export type TotpSetup = { secret: string; qrCodeSvg: string };

/** Starts setting up an authenticator app: a new secret, kept encrypted until confirmed. Needs a verified address. */
export async function startTotpSetup(session: ActiveSession): Promise<TotpSetup> {
  requireVerifiedEmail(session, "authenticator_app");
  requireStepUp(session);
  if (session.user.totpEnabled) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const secret = generateTotpSecret();
  await db.user.update({
    where: { id: session.user.id },
    data: {
      totpPendingSecretCiphertext: encryptSecret(secret, `totp-pending:${session.user.id}`),
      totpPendingExpiresAt: new Date(Date.now() + TOTP_SETUP_TTL_MS),
    },
  });
  // Rendered here, not by a third-party service: the secret never leaves Latchkey.
  const qrCodeSvg = await QRCode.toString(totpUri(secret, session.user.email), { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, qrCodeSvg };
}

/** Turns two-factor authentication on once a code from the new secret checks out. */
export async function confirmTotpSetup(session: ActiveSession, code: string, context: RequestContext): Promise<string[]> {
  requireVerifiedEmail(session, "authenticator_app");
  requireStepUp(session);
  const userId = session.user.id;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpPendingSecretCiphertext: true, totpPendingExpiresAt: true, totpEnabledAt: true, email: true },
  });
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  if (!user.totpPendingSecretCiphertext || !user.totpPendingExpiresAt || user.totpPendingExpiresAt <= new Date()) {
    throw new AppError("NOT_FOUND", "This set-up has expired. Start again to get a new QR code.");
  }
  const secret = decryptSecret(user.totpPendingSecretCiphertext, `totp-pending:${userId}`);
  const check = await checkTotpCode({ secret, code, lastUsedStep: null });
  if (!check.valid) throw new AppError("INVALID_INPUT", "That code didn't work. Enter the current 6-digit code from your app.", { code: ["That code didn't work."] });
  const codes = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: null },
      data: {
        totpSecretCiphertext: encryptSecret(secret, totpAssociatedData(userId)),
        totpEnabledAt: new Date(),
        totpLastUsedStep: check.timeStep,
        totpPendingSecretCiphertext: null,
        totpPendingExpiresAt: null,
      },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    await recordAuditEvent(tx, { action: "two_factor.enabled", userId, context });
    return replaceRecoveryCodes(tx, userId);
  });
  await sendNotice(emails.twoFactorEnabled(user.email));
  return codes;
}

export async function disableTotp(session: ActiveSession, context: RequestContext): Promise<void> {
  requireStepUp(session);
  const userId = session.user.id;
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null } },
      data: { totpSecretCiphertext: null, totpEnabledAt: null, totpLastUsedStep: null, totpPendingSecretCiphertext: null, totpPendingExpiresAt: null },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor authentication is already off.");
    await tx.recoveryCode.deleteMany({ where: { userId } });
    // Elevation earned with the removed factor ends with it.
    await tx.session.updateMany({ where: { userId }, data: { stepUpAt: null, stepUpSecondFactor: false } });
    await recordAuditEvent(tx, { action: "two_factor.disabled", userId, context });
  });
  await sendNotice(emails.twoFactorDisabled(session.user.email));
}

/** New codes replace every old one. The caller has checked the CAPTCHA. */
export async function regenerateRecoveryCodes(session: ActiveSession, context: RequestContext): Promise<string[]> {
  requireStepUp(session);
  if (!session.user.totpEnabled) throw new AppError("CONFLICT", "Turn on two-factor authentication first.");
  await limit("recovery-codes:user", session.user.id);
  const codes = await db.$transaction(async (tx) => {
    await recordAuditEvent(tx, { action: "recovery_codes.regenerated", userId: session.user.id, context });
    return replaceRecoveryCodes(tx, session.user.id);
  });
  await sendNotice(emails.recoveryCodesRegenerated(session.user.email));
  return codes;
}
