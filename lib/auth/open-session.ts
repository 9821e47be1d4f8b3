import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, type Tx } from "@/lib/db/client";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import type { RequestContext } from "@/lib/http/request-context";
import { describeDevice } from "@/lib/sessions/describe-device";
import { clearFailedFactors } from "./lockout";
import { createSession, type SignInMethod } from "./sessions";

/** Opens a session after every factor passed: logs it, clears failures, mails on a new device. */
export async function openSession(userId: string, method: SignInMethod, context: RequestContext, before?: (tx: Tx) => Promise<void>): Promise<string> {
  const { token, knownDevice } = await db.$transaction(async (tx) => {
    await before?.(tx);
    // One earlier sign-in from this browser is enough: the read stops there, however long the log.
    const knownDevice =
      (await tx.auditEvent.findFirst({ where: { userId, action: { in: ["user.signed_in", "user.signed_up"] }, userAgent: context.userAgent }, select: { id: true } })) !== null;
    const { token, sessionId } = await createSession(tx, userId, context, method);
    // The session's row id (not its token) lets "This wasn't me" end exactly that session.
    await recordAuditEvent(tx, { action: "user.signed_in", userId, context, metadata: { method, sessionId } });
    return { token, knownDevice };
  });
  await clearFailedFactors(userId);
  if (!knownDevice) {
    const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
    // Only the parsed browser and system: the raw User-Agent is whatever the client sent,
    // and a security email must not carry an attacker's text or links.
    if (user) await sendNotice(emails.newDeviceSignIn(user.email, describeDevice(context.userAgent).summary, context.ipAddress ?? "an unknown address"));
  }
  return token;
}
