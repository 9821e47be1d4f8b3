import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { consumeEmailToken, issueEmailToken, revokeAllEmailTokens } from "@/lib/email-tokens/email-tokens";
import { sendEmail, sendNotice } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";
import { isUniqueViolation } from "@/lib/db/unique-violation";

/**
 * Asks the new address to confirm and tells the old one. Nothing changes until the link is
 * opened. A taken address gets the same answer as a free one and no mail (no enumeration).
 */
export async function requestEmailChange(session: ActiveSession, newEmail: string, context: RequestContext): Promise<void> {
  requireStepUp(session);
  const userId = session.user.id;
  if (newEmail === session.user.email) throw new AppError("INVALID_INPUT", "That is already your email address.", { email: ["That is already your email address."] });
  await limit("email:address", newEmail);
  if (context.ipAddress) await limit("email:ip", context.ipAddress);
  const taken = (await db.user.count({ where: { email: newEmail } })) > 0;
  const token = await db.$transaction(async (tx) => {
    await recordAuditEvent(tx, { action: "user.email_change_requested", userId, context });
    return taken ? null : issueEmailToken(tx, userId, "change_email", newEmail);
  });
  if (token) await sendEmail(emails.confirmEmailChange(newEmail, appLink(`/confirm-email/${token}`)));
  await sendNotice(emails.emailChangeRequested(session.user.email, newEmail));
}

export type EmailChangeResult = { ok: true; newEmail: string } | { ok: false; reason: "invalid" | "taken" };

/** Opens a confirmation link: the login email changes now, and the old address is told. */
export async function confirmEmailChange(token: string, context: RequestContext): Promise<EmailChangeResult> {
  const result = await db
    .$transaction(async (tx): Promise<(EmailChangeResult & { oldEmail?: string }) | null> => {
      const live = await consumeEmailToken(tx, "change_email", token);
      if (!live) return { ok: false, reason: "invalid" };
      if ((await tx.user.count({ where: { email: live.email } })) > 0) return { ok: false, reason: "taken" };
      const { email: oldEmail } = await tx.user.findUniqueOrThrow({ where: { id: live.userId }, select: { email: true } });
      await tx.user.update({ where: { id: live.userId }, data: { email: live.email, emailVerifiedAt: new Date() } });
      await revokeAllEmailTokens(tx, live.userId);
      await recordAuditEvent(tx, { action: "user.email_changed", userId: live.userId, context });
      return { ok: true, newEmail: live.email, oldEmail };
    })
    // Another account took the address at the same moment: the unique index decides.
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return { ok: false as const, reason: "taken" as const };
      throw error;
    });
  if (!result) return { ok: false, reason: "invalid" };
  if (result.ok && result.oldEmail) await sendNotice(emails.emailChanged(result.oldEmail, result.newEmail));
  return result.ok ? { ok: true, newEmail: result.newEmail } : result;
}
