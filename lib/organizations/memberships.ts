import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { builtInRole } from "./member";
import { isBuiltInRoleId } from "./permissions";

export type MembershipSummary = {
  orgId: string;
  name: string;
  slug: string;
  /** The role's id, and its name (custom roles included). */
  role: string;
  roleName: string;
  joinedAt: Date;
  memberCount: number;
  /** "all", or the names of the companies the person reaches, by name. */
  companies: "all" | string[];
};

/** The person's organizations, with their role and the companies they reach in each. */
export async function listMemberships(userId: string): Promise<MembershipSummary[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      role: true,
      allCompanies: true,
      createdAt: true,
      companies: { select: { company: { select: { name: true } } } },
      org: { select: { id: true, name: true, slug: true, _count: { select: { memberships: true } } } },
    },
  });
  // Custom roles, each looked up inside its own organization.
  const custom = memberships.filter(({ role }) => !isBuiltInRoleId(role));
  const roles =
    custom.length === 0
      ? []
      : await db.role.findMany({ where: { OR: custom.map(({ role, org }) => ({ id: role, orgId: org.id })) }, select: { id: true, orgId: true, name: true } });
  const roleNames = new Map(roles.map((role) => [`${role.orgId} ${role.id}`, role.name]));
  return memberships.map(({ role, allCompanies, companies, createdAt, org }) => ({
    orgId: org.id,
    name: org.name,
    slug: org.slug,
    role,
    roleName: builtInRole(role)?.name ?? roleNames.get(`${org.id} ${role}`) ?? "Unknown role",
    joinedAt: createdAt,
    memberCount: org._count.memberships,
    companies: allCompanies ? "all" : companies.map(({ company }) => company.name).sort((a, b) => a.localeCompare(b, "en")),
  }));
}

/**
 * Leaves an organization. The last Owner cannot leave: the check runs inside the write
 * transaction, so two Owners leaving at once cannot both succeed.
 */
export async function leaveOrganization(session: ActiveSession, orgId: string, context: RequestContext): Promise<void> {
  const userId = session.user.id;
  await serializableTransaction(async (tx) => {
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
  });
}
