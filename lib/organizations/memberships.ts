import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

export const ROLE_LABELS: Record<string, string> = { owner: "Owner", admin: "Admin", developer: "Developer", member: "Member" };

export async function listMemberships(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, createdAt: true, org: { select: { id: true, name: true, slug: true, _count: { select: { memberships: true } } } } },
  });
  return memberships.map(({ role, createdAt, org }) => ({ orgId: org.id, name: org.name, slug: org.slug, role, joinedAt: createdAt, memberCount: org._count.memberships }));
}

/**
 * Leaves an organization. The last Owner cannot leave: the check runs inside the write
 * transaction, so two Owners leaving at once cannot both succeed.
 */
export async function leaveOrganization(session: ActiveSession, orgId: string, context: RequestContext): Promise<void> {
  const userId = session.user.id;
  await serializableTransaction(
    async (tx) => {
      const membership = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true, role: true, org: { select: { name: true } } } });
      if (!membership) throw new AppError("NOT_FOUND");
      if (membership.role === "owner") {
        const owners = await tx.membership.count({ where: { orgId, role: "owner" } });
        if (owners <= 1) {
          throw new AppError("CONFLICT", `You are the only Owner of ${membership.org.name}. Make someone else Owner, or delete the organization, before you leave.`);
        }
      }
      await tx.membership.delete({ where: { id: membership.id } });
      await recordAuditEvent(tx, { action: "membership.left", userId, orgId, context });
    },
  );
}
