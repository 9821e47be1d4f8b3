import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getNotificationMatrix } from "@/lib/notifications/preferences";
import { parseCategories } from "@/lib/webhooks/schemas";
import { describeDevice } from "@/lib/sessions/describe-device";

/**
 * Everything Latchkey holds about the person, as JSON. Credentials appear only as facts
 * (whether a password or two-factor authentication is set), never as hashes or secrets.
 * Needs a step-up: the file gathers in one click what a borrowed or stolen session could
 * otherwise only read page by page (every address, device and sign-in of the person).
 */
export async function exportUserData(session: ActiveSession, context: RequestContext) {
  requireStepUp(session);
  const userId = session.user.id;
  const [user, memberships, sessions, events, notificationSettings, notifications, webhookEndpoints, pushDevices] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        email: true,
        firstName: true,
        lastName: true,
        jobTitle: true,
        phoneNumber: true,
        theme: true,
        emailVerifiedAt: true,
        passwordChangedAt: true,
        totpEnabledAt: true,
        createdAt: true,
        updatedAt: true,
        passwordHash: true,
      },
    }),
    db.membership.findMany({ where: { userId }, select: { role: true, createdAt: true, org: { select: { name: true, slug: true } } } }),
    db.session.findMany({ where: { userId }, select: { createdAt: true, lastActiveAt: true, expiresAt: true, ipAddress: true, userAgent: true, signInMethod: true } }),
    db.auditEvent.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { action: true, createdAt: true, ipAddress: true, userAgent: true, orgId: true },
    }),
    getNotificationMatrix(userId),
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { category: true, title: true, body: true, url: true, readAt: true, createdAt: true },
    }),
    // Never the signing secret.
    db.webhookEndpoint.findMany({
      where: { userId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { url: true, description: true, categories: true, enabled: true, disabledReason: true, createdAt: true },
    }),
    // Never the push service's URL or the browser's keys: they let anyone push to the device.
    db.pushSubscription.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { userAgent: true, createdAt: true, lastSentAt: true } }),
  ]);
  await db.$transaction((tx) => recordAuditEvent(tx, { action: "user.data_exported", userId, context }));
  const { passwordHash, ...profile } = user;
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...profile, hasPassword: passwordHash !== null, twoFactorEnabled: user.totpEnabledAt !== null },
    memberships: memberships.map(({ org, role, createdAt }) => ({ organization: org.name, slug: org.slug, role, joinedAt: createdAt })),
    sessions,
    securityLog: events,
    /** Each "category:channel" switch, as /settings/notifications shows it. */
    notificationSettings,
    notifications,
    webhookEndpoints: webhookEndpoints.map((endpoint) => ({ ...endpoint, categories: parseCategories(endpoint.categories) })),
    /** Browsers with push on: what the push section lists. */
    pushDevices: pushDevices.map(({ userAgent, createdAt, lastSentAt }) => ({ device: describeDevice(userAgent).summary, addedAt: createdAt, lastSentAt })),
  };
}
