import "server-only";
import { db } from "@/lib/db/client";
import { consumeEmailToken, issueEmailToken } from "@/lib/email-tokens/email-tokens";
import { sendEmail } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { limit } from "@/lib/rate-limit/limit";

/** Sends (again) the link that verifies the account's address. Rate-limited per address and IP. */
export async function sendVerificationEmail(userId: string, context: RequestContext): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) throw new AppError("CONFLICT", "Your email address is already verified.");
  await limit("email:address", user.email);
  if (context.ipAddress) await limit("email:ip", context.ipAddress);
  const token = await db.$transaction((tx) => issueEmailToken(tx, userId, "verify_email", user.email));
  await sendEmail(emails.verifyEmail(user.email, appLink(`/verify-email/${token}`)));
}

/** Marks the address verified if the link is live and still names the account's address. */
export async function verifyEmail(token: string, context: RequestContext): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const live = await consumeEmailToken(tx, "verify_email", token);
    if (!live) return false;
    const { count } = await tx.user.updateMany({ where: { id: live.userId, email: live.email }, data: { emailVerifiedAt: new Date() } });
    if (count !== 1) return false;
    await recordAuditEvent(tx, { action: "user.email_verified", userId: live.userId, context });
    return true;
  });
}
