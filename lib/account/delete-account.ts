import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

export type DeletionImpact = {
  /** Organizations deleted with the account: the person is their only member. */
  deletedOrganizations: string[];
  /** Organizations the person leaves; they stay with their other members. */
  leftOrganizations: string[];
  /** Organizations that block deletion: the person is their only Owner and others are members. */
  blockingOrganizations: string[];
};

export async function getDeletionImpact(userId: string): Promise<DeletionImpact> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, org: { select: { id: true, name: true, memberships: { select: { role: true, userId: true } } } } },
  });
  const impact: DeletionImpact = { deletedOrganizations: [], leftOrganizations: [], blockingOrganizations: [] };
  for (const { role, org } of memberships) {
    const others = org.memberships.filter((member) => member.userId !== userId);
    if (others.length === 0) impact.deletedOrganizations.push(org.name);
    else if (role === "owner" && !others.some((member) => member.role === "owner")) impact.blockingOrganizations.push(org.name);
    else impact.leftOrganizations.push(org.name);
  }
  return impact;
}

/**
 * Deletes the account: its sessions, tokens, codes and memberships go with it, and so do the
 * organizations where it is the only member. Organization log entries stay without a name.
 * Refused while the person is the only Owner of an organization with other members.
 */
export async function deleteAccount(session: ActiveSession, confirmation: string, context: RequestContext = { ipAddress: null, userAgent: null }): Promise<void> {
  requireStepUp(session);
  const userId = session.user.id;
  if (confirmation !== session.user.email) {
    throw new AppError("INVALID_INPUT", "Type your email address exactly as shown to confirm.", { confirmation: ["Type your email address exactly as shown."] });
  }
  // The sole-Owner check and the deletion commit together (Serializable), so an Owner
  // leaving at the same moment cannot leave an organization without one.
  await serializableTransaction(async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId },
      select: { role: true, org: { select: { id: true, name: true, memberships: { select: { role: true, userId: true } } } } },
    });
    const emptied: string[] = [];
    for (const { role, org } of memberships) {
      const others = org.memberships.filter((member) => member.userId !== userId);
      if (others.length === 0) emptied.push(org.id);
      else if (role === "owner" && !others.some((member) => member.role === "owner")) {
        throw new AppError("CONFLICT", `You are the only Owner of ${org.name}, which has other members. Make someone else Owner, or delete the organization, first.`);
      }
    }
    // Personal security events go; organization events stay, their userId set to null.
    await tx.auditEvent.deleteMany({ where: { userId, orgId: null } });
    await tx.organization.deleteMany({ where: { id: { in: emptied } } });
    await tx.user.delete({ where: { id: userId } });
    // Each organization the person leaves keeps a nameless record that an account left it.
    for (const { org } of memberships) {
      if (!emptied.includes(org.id)) await recordAuditEvent(tx, { action: "user.deleted", userId: null, orgId: org.id, context });
    }
  });
  await sendNotice(emails.accountDeleted(session.user.email));
}
