import "server-only";
import { db } from "@/lib/db/client";
import { errorFields, logger } from "@/lib/operations/logger.mjs";
import { notifyPeople } from "./notify";

/** What a security alert email says, for the bell, push and webhooks. */
export type SecurityAlert = { title: string; body: string; url: string };

/**
 * A security alert's copy for the person's other channels, sent with its email (which always
 * goes out). An address with no account (a changed email's old address) has no one to notify.
 * A failure is logged and the email still goes: the email is the alert that must not be lost.
 */
export async function notifySecurityAlert(email: string, alert: SecurityAlert): Promise<void> {
  try {
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (user) await db.$transaction((tx) => notifyPeople(tx, [user.id], { category: "security", ...alert }));
  } catch (error) {
    logger.error({ ...errorFields(error), alert: alert.title }, "could not notify a security alert beyond email");
  }
}
