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
  const { token, knownDevice, email } = await db.$transaction(async (tx) => {
    await before?.(tx);
    const knownDevice = (await tx.auditEvent.count({ where: { userId, action: { in: ["user.signed_in", "user.signed_up"] }, userAgent: context.userAgent } })) > 0;
    const { token, sessionId } = await createSession(tx, userId, context, method);
    // The session's row id (not its token) lets "This wasn't me" end exactly that session.
    await recordAuditEvent(tx, { action: "user.signed_in", userId, context, metadata: { method, sessionId } });
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    return { token, knownDevice, email };
  });
  await clearFailedFactors(userId);
  // Only the parsed browser and system: the raw User-Agent is whatever the client sent,
  // and a security email must not carry an attacker's text or links.
  if (!knownDevice) await sendNotice(emails.newDeviceSignIn(email, describeDevice(context.userAgent).summary, context.ipAddress ?? "an unknown address"));
  return token;
}
