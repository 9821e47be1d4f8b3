import "server-only";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { verifyPassword } from "./password";
import { createSession } from "./sessions";

type Credentials = { email: string; password: string };

/**
 * Checks an email and password and, when they match, opens a session. Unknown email and
 * wrong password take the same time and give the same answer (null).
 */
export async function authenticateWithPassword(
  { email, password }: Credentials,
  context: RequestContext,
): Promise<{ userId: string; sessionToken: string } | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  return db.$transaction(async (tx) => {
    if (!user || !valid) {
      await recordAuditEvent(tx, {
        action: "user.sign_in_failed",
        userId: user?.id ?? null,
        context,
        metadata: { method: "password" },
      });
      return null;
    }
    const { token } = await createSession(tx, user.id, context);
    await recordAuditEvent(tx, { action: "user.signed_in", userId: user.id, context, metadata: { method: "password" } });
    return { userId: user.id, sessionToken: token };
  });
}
