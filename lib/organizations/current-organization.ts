import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { builtInRole, findMember, memberOf, type OrganizationMember } from "./member";
import { can, isBuiltInRoleId, type Permission } from "./permissions";

type MembershipRow = { id: string; orgId: string; role: string; createdAt: Date; org: { name: string; slug: string } };

/**
 * Every membership of the person with its organization, by organization name: read once per
 * request (the frame of every settings page, and an organization page's check), fresh on the
 * next. One plain SELECT (decision 0031): it is on every page.
 */
export const membershipsOf = cache(async (userId: string): Promise<MembershipRow[]> => {
  const rows = await db.$queryRaw<{ id: string; orgId: string; role: string; createdAt: Date; name: string; slug: string }[]>`
    SELECT m."id", m."orgId", m."role", m."createdAt", o."name", o."slug"
    FROM "Membership" m JOIN "Organization" o ON o."id" = m."orgId"
    WHERE m."userId" = ${userId}
    ORDER BY o."name" ASC, m."orgId" ASC`;
  return rows.map(({ name, slug, ...membership }) => ({ ...membership, org: { name, slug } }));
});

/**
 * The organization the session's switcher points at, as the person's membership of it. When
 * the choice is unset or no longer theirs (they left, were removed, it was deleted), the
 * organization they joined first. Null for a person in no organization.
 */
export const getCurrentMember = cache(async (session: ActiveSession): Promise<OrganizationMember | null> => currentMemberAmong(session, await membershipsOf(session.user.id)));

/** getCurrentMember among memberships already read (lib/account/settings-frame.ts). */
export async function currentMemberAmong(session: ActiveSession, memberships: readonly MembershipRow[]): Promise<OrganizationMember | null> {
  const chosen = memberships.find((membership) => membership.orgId === session.currentOrgId) ?? firstJoined(memberships);
  return chosen ? memberOf(session.user.id, chosen) : null;
}

function firstJoined<M extends { id: string; createdAt: Date }>(memberships: readonly M[]): M | undefined {
  let first: M | undefined;
  for (const membership of memberships) {
    const earlier = !first || membership.createdAt < first.createdAt || (membership.createdAt.getTime() === first.createdAt.getTime() && membership.id < first.id);
    if (earlier) first = membership;
  }
  return first;
}

/**
 * Every organization page starts here: the signed-in person's membership of the current
 * organization, or Not Found when they have none or their role may not open the page (a page
 * they cannot use does not exist for them).
 */
export async function requireCurrentMember(permission: Permission = "organization.view"): Promise<{ session: ActiveSession; member: OrganizationMember }> {
  const session = await requireUser();
  const member = await getCurrentMember(session);
  if (!member || !can(member, permission)) notFound();
  return { session, member };
}

/** Points the session's switcher at an organization the person belongs to. */
export async function switchOrganization(session: ActiveSession, orgId: string): Promise<OrganizationMember> {
  const member = await findMember(session.user.id, orgId);
  if (!member) throw new AppError("NOT_FOUND");
  await db.session.update({ where: { id: session.sessionId }, data: { currentOrgId: orgId } });
  return member;
}

export type OrganizationChoice = { id: string; name: string; roleName: string };

/** Every organization of the person with their role's name, for the switcher, from their memberships. */
export async function organizationChoices(memberships: readonly MembershipRow[]): Promise<OrganizationChoice[]> {
  const customRoleIds = memberships.map((membership) => membership.role).filter((role) => !isBuiltInRoleId(role));
  const customRoles = customRoleIds.length > 0 ? await db.role.findMany({ where: { id: { in: customRoleIds } }, select: { id: true, name: true } }) : [];
  const customNames = new Map(customRoles.map((role) => [role.id, role.name]));
  return memberships.map(({ role, org, orgId }) => ({ id: orgId, name: org.name, roleName: builtInRole(role)?.name ?? customNames.get(role) ?? "Unknown role" }));
}
