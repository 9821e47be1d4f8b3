import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { limit } from "@/lib/rate-limit/limit";
import type { OrganizationMember } from "./member";
import type { CreateOrganizationInput, UpdateOrganizationInput } from "./organization-schemas";
import { withFreeSlug } from "./slug";
import { isUniqueViolation } from "@/lib/db/unique-violation";

export type OrganizationDetails = { id: string; name: string; slug: string; country: string | null; createdAt: Date };

export async function getOrganizationDetails(member: OrganizationMember): Promise<OrganizationDetails> {
  return db.organization.findUniqueOrThrow({ where: { id: member.orgId }, select: { id: true, name: true, slug: true, country: true, createdAt: true } });
}

export type OrganizationDeletionImpact = { memberCount: number; pendingInvitationCount: number; companyCount: number };

/** `onlyOwner`: the member is the organization's one Owner, who may not leave it. */
export type OrganizationOverview = { details: OrganizationDetails; onlyOwner: boolean; deletionImpact: OrganizationDeletionImpact };

/**
 * The organization page's read: the details, whether `member` is its only Owner (who may not
 * leave) and what deleting it takes with it. One plain SELECT with its counts as subqueries,
 * where Prisma took three reads (decision 0031). Counts come back as bigint from PostgreSQL.
 */
export async function getOrganizationOverview(member: OrganizationMember, now = new Date()): Promise<OrganizationOverview> {
  const [row] = await db.$queryRaw<(OrganizationDetails & { owners: bigint | number; members: bigint | number; invitations: bigint | number; companies: bigint | number })[]>`
    SELECT o."id", o."name", o."slug", o."country", o."createdAt",
      (SELECT COUNT(*) FROM "Membership" m WHERE m."orgId" = o."id" AND m."role" = 'owner') AS "owners",
      (SELECT COUNT(*) FROM "Membership" m WHERE m."orgId" = o."id") AS "members",
      (SELECT COUNT(*) FROM "Invitation" i WHERE i."orgId" = o."id" AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL AND i."expiresAt" > ${now}) AS "invitations",
      (SELECT COUNT(*) FROM "Company" c WHERE c."orgId" = o."id") AS "companies"
    FROM "Organization" o WHERE o."id" = ${member.orgId}`;
  if (!row) throw new AppError("NOT_FOUND");
  const { owners, members, invitations, companies, ...details } = row;
  return {
    details,
    onlyOwner: member.role.id === "owner" && Number(owners) <= 1,
    deletionImpact: { memberCount: Number(members), pendingInvitationCount: Number(invitations), companyCount: Number(companies) },
  };
}

/** Creates an organization with the person as its Owner and points their switcher at it. */
export async function createOrganization(session: ActiveSession, input: CreateOrganizationInput, context: RequestContext): Promise<{ orgId: string }> {
  await limit("organizations:user", session.user.id);
  const userId = session.user.id;
  return withFreeSlug(input.name, (slug) =>
    db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: input.name, country: input.country, slug }, select: { id: true, slug: true } });
      await tx.membership.create({ data: { orgId: org.id, userId, role: "owner" } });
      await tx.session.update({ where: { id: session.sessionId }, data: { currentOrgId: org.id } });
      await recordAuditEvent(tx, { action: "organization.created", userId, orgId: org.id, context, metadata: { name: input.name, slug: org.slug } });
      return { orgId: org.id };
    }),
  );
}

/** Saves name, country and slug. A slug another organization holds is a field error. */
export async function updateOrganization(member: OrganizationMember, input: UpdateOrganizationInput, context: RequestContext): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.organization.findUniqueOrThrow({ where: { id: member.orgId }, select: { name: true, slug: true, country: true } });
      const changed = (["name", "slug", "country"] as const).filter((field) => before[field] !== input[field]);
      if (changed.length === 0) return;
      await tx.organization.update({ where: { id: member.orgId }, data: { name: input.name, slug: input.slug, country: input.country } });
      await recordAuditEvent(tx, {
        action: "organization.updated",
        userId: member.userId,
        orgId: member.orgId,
        context,
        metadata: { changed: changed.join(", "), name: input.name, slug: input.slug, country: input.country },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("INVALID_INPUT", "Check the highlighted fields and try again.", { slug: ["That slug is taken. Choose another."] });
    throw error;
  }
}

/**
 * Deletes the organization with its memberships, invitations, roles, companies and log. The
 * Owner confirmed who they are (step-up) and typed the slug. The deletion is recorded in the
 * Owner's own log, since the organization's goes with it.
 */
export async function deleteOrganization(session: ActiveSession, member: OrganizationMember, confirmation: string, context: RequestContext): Promise<void> {
  requireStepUp(session);
  await serializableTransaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: member.orgId }, select: { name: true, slug: true, _count: { select: { memberships: true } } } });
    if (!org) throw new AppError("NOT_FOUND");
    if (confirmation.trim() !== org.slug) {
      throw new AppError("INVALID_INPUT", "Check the highlighted fields and try again.", { confirmation: [`Type ${org.slug} to confirm.`] });
    }
    await tx.organization.delete({ where: { id: member.orgId } });
    await recordAuditEvent(tx, { action: "organization.deleted", userId: member.userId, context, metadata: { name: org.name, slug: org.slug, members: org._count.memberships } });
  });
}
