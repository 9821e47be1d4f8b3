import "server-only";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

/**
 * Everything Latchkey holds about the person, as JSON. Credentials appear only as facts
 * (whether a password or two-factor authentication is set), never as hashes or secrets.
 */
export async function exportUserData(userId: string, context: RequestContext) {
  const [user, memberships, sessions, events] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        email: true, firstName: true, lastName: true, jobTitle: true, phoneNumber: true, theme: true, emailVerifiedAt: true,
        passwordChangedAt: true, totpEnabledAt: true, createdAt: true, updatedAt: true, passwordHash: true,
      },
    }),
    db.membership.findMany({ where: { userId }, select: { role: true, createdAt: true, org: { select: { name: true, slug: true } } } }),
    db.session.findMany({ where: { userId }, select: { createdAt: true, lastActiveAt: true, expiresAt: true, ipAddress: true, userAgent: true, signInMethod: true } }),
    db.auditEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { action: true, createdAt: true, ipAddress: true, userAgent: true, orgId: true } }),
  ]);
  await db.$transaction((tx) => recordAuditEvent(tx, { action: "user.data_exported", userId, context }));
  const { passwordHash, ...profile } = user;
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...profile, hasPassword: passwordHash !== null, twoFactorEnabled: user.totpEnabledAt !== null },
    memberships: memberships.map(({ org, role, createdAt }) => ({ organization: org.name, slug: org.slug, role, joinedAt: createdAt })),
    sessions,
    securityLog: events,
  };
}
