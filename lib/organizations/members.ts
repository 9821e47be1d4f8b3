import "server-only";
import { encodeLogCursor, pastCursorSql } from "@/lib/audit/log-query";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getConfig } from "@/lib/config/env";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { isTrue, timeOf } from "@/lib/db/sql-values";
import { db, type Tx } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { assertCanGrant, requireCompanies, requireRole } from "./invitations";
import { findMember, resolveRole, type OrganizationMember, type ResolvedRole } from "./member";
import { BASE_PERMISSIONS, can } from "./permissions";
import { canGrant, canManageMember, listRoles } from "./roles";
import type { ChangeMemberCompaniesInput, ChangeMemberRoleInput } from "./schemas";

/** Members shown per page of the members page. */
export const MEMBERS_PAGE_SIZE = 50;

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  roleId: string;
  roleName: string;
  /** Null for "All companies". */
  companies: { id: string; name: string }[] | null;
  joinedAt: Date;
  lastActiveAt: Date | null;
  /** Whether the viewer may change this member's role and companies, or remove them. */
  manageable: boolean;
};

const isSqlite = () => getConfig().DATABASE_URL.startsWith("file:");

// Control characters match no name, and PostgreSQL refuses a NUL in text: they separate words.
const CONTROL_CHARACTERS = /\p{Cc}/gu;

/** A LIKE pattern that finds `text` anywhere, its own %, _ and \ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Each word of the query must appear in the member's first name, last name or email, in any
 * case: SQLite's LIKE ignores ASCII case, PostgreSQL's needs ILIKE.
 */
function searchCondition(query: string): Prisma.Sql {
  const words = query.replace(CONTROL_CHARACTERS, " ").split(/\s+/).filter(Boolean).slice(0, 5);
  const like = Prisma.raw(isSqlite() ? "LIKE" : "ILIKE");
  const conditions = words.map((word) => {
    const pattern = containsPattern(word);
    return Prisma.sql`(u."email" ${like} ${containsPattern(word.toLowerCase())} ESCAPE '\\' OR u."firstName" ${like} ${pattern} ESCAPE '\\' OR u."lastName" ${like} ${pattern} ESCAPE '\\')`;
  });
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}

function unknownRole(id: string): ResolvedRole {
  return { id, name: "Unknown role", description: "", builtIn: false, permissions: new Set(BASE_PERMISSIONS) };
}

/**
 * The organization's members in the order they joined, a page at a time (keyset on
 * createdAt, id: the (orgId, createdAt, id) index), filtered by name or email. Two plain
 * SELECTs per page whatever its size (decision 0031): the members with their last activity,
 * then the companies of those who don't reach every company; the roles are read once a request.
 */
export async function listMembers(
  viewer: OrganizationMember,
  { query = "", cursor }: { query?: string; cursor?: string } = {},
): Promise<{ members: MemberRow[]; nextCursor: string | null }> {
  if (!can(viewer, "organization.view")) throw new AppError("FORBIDDEN");
  const rows = await readMembers(viewer, Prisma.sql`${searchCondition(query)} AND ${pastCursorSql("m", cursor, "asc")}`, MEMBERS_PAGE_SIZE + 1);
  const page = rows.slice(0, MEMBERS_PAGE_SIZE);
  return {
    members: page,
    nextCursor: rows.length > MEMBERS_PAGE_SIZE ? encodeLogCursor(page.at(-1)!.joinedAt, page.at(-1)!.membershipId) : null,
  };
}

/** One member of the viewer's organization by membership id; Not Found for another organization's. */
export async function getMember(viewer: OrganizationMember, membershipId: string): Promise<MemberRow> {
  if (!can(viewer, "organization.view")) throw new AppError("FORBIDDEN");
  const [member] = await readMembers(viewer, Prisma.sql`m."id" = ${membershipId}`, 1);
  if (!member) throw new AppError("NOT_FOUND");
  return member;
}

type MemberSqlRow = {
  id: string;
  userId: string;
  role: string;
  allCompanies: unknown;
  createdAt: Date;
  firstName: string;
  lastName: string;
  email: string;
  /** A Date from PostgreSQL; from SQLite, the stored ISO text (a subquery's column has no declared type). */
  lastActiveAt: Date | string | null;
};

async function readMembers(viewer: OrganizationMember, condition: Prisma.Sql, take: number): Promise<MemberRow[]> {
  const rows = await db.$queryRaw<MemberSqlRow[]>`
    SELECT m."id", m."userId", m."role", m."allCompanies", m."createdAt", u."firstName", u."lastName", u."email",
      (SELECT MAX(s."lastActiveAt") FROM "Session" s WHERE s."userId" = m."userId") AS "lastActiveAt"
    FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."orgId" = ${viewer.orgId} AND ${condition}
    ORDER BY m."createdAt" ASC, m."id" ASC
    LIMIT ${take}`;
  const chosen = rows.filter((row) => !isTrue(row.allCompanies)).map((row) => row.id);
  const [roles, companyRows] = await Promise.all([
    listRoles(viewer.orgId),
    chosen.length === 0
      ? []
      : db.$queryRaw<{ membershipId: string; id: string; name: string }[]>`
          SELECT mc."membershipId", c."id", c."name" FROM "MembershipCompany" mc JOIN "Company" c ON c."id" = mc."companyId"
          WHERE mc."membershipId" IN (${Prisma.join(chosen)})
          ORDER BY c."name" ASC, c."id" ASC`,
  ]);
  const roleById = new Map(roles.map((role) => [role.id, role]));
  const companiesOf = new Map<string, { id: string; name: string }[]>();
  for (const { membershipId, id, name } of companyRows) companiesOf.set(membershipId, [...(companiesOf.get(membershipId) ?? []), { id, name }]);
  return rows.map((row) => {
    const role = roleById.get(row.role) ?? unknownRole(row.role);
    return {
      membershipId: row.id,
      userId: row.userId,
      name: `${row.firstName} ${row.lastName}`.trim(),
      email: row.email,
      roleId: role.id,
      roleName: role.name,
      companies: isTrue(row.allCompanies) ? null : (companiesOf.get(row.id) ?? []),
      joinedAt: row.createdAt,
      lastActiveAt: timeOf(row.lastActiveAt),
      manageable: canManageMember(viewer, { userId: row.userId, role }),
    };
  });
}

/** The roles `viewer` may hand out, for the role selects. */
export async function listGrantableRoles(viewer: OrganizationMember): Promise<{ id: string; name: string }[]> {
  return (await listRoles(viewer.orgId)).filter((role) => canGrant(viewer, role)).map(({ id, name }) => ({ id, name }));
}

type Target = { id: string; userId: string; role: ResolvedRole; email: string; name: string };

/**
 * Inside the write transaction: the actor as they are now (a demotion that committed a moment
 * ago counts), and the target membership of the same organization, which they must be allowed
 * to manage. Another organization's membership id is Not Found.
 */
async function loadManagedPair(tx: Tx, actor: OrganizationMember, membershipId: string): Promise<{ manager: OrganizationMember; target: Target }> {
  const manager = await findMember(actor.userId, actor.orgId, tx);
  if (!manager) throw new AppError("NOT_FOUND");
  if (!can(manager, "members.manage")) throw new AppError("FORBIDDEN");
  const row = await tx.membership.findFirst({
    where: { id: membershipId, orgId: actor.orgId },
    select: { id: true, userId: true, role: true, user: { select: { email: true, firstName: true, lastName: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND");
  const role = (await resolveRole(tx, actor.orgId, row.role)) ?? unknownRole(row.role);
  const target = { id: row.id, userId: row.userId, role, email: row.user.email, name: `${row.user.firstName} ${row.user.lastName}`.trim() };
  if (target.userId === manager.userId) {
    throw new AppError("FORBIDDEN", "You can't change your own role or remove yourself here. Leave the organization from Organizations, or ask another Owner or Admin.");
  }
  if (!canManageMember(manager, target)) {
    throw new AppError(
      "FORBIDDEN",
      target.role.id === "owner"
        ? `Only an Owner can change or remove ${target.name}, who is an Owner.`
        : `You can't manage ${target.name}: their role carries permissions you don't have.`,
    );
  }
  return { manager, target };
}

/** Throws when taking Owner away from `target` would leave the organization without one. */
async function assertAnotherOwner(tx: Tx, orgId: string, target: Target, orgName: string): Promise<void> {
  if (target.role.id !== "owner") return;
  const owners = await tx.membership.count({ where: { orgId, role: "owner" } });
  if (owners <= 1) throw new AppError("CONFLICT", `${target.name} is the only Owner of ${orgName}. Make someone else Owner first.`);
}

/** Gives a member another role. Keeps at least one Owner; checked inside a serializable transaction. */
export async function changeMemberRole(actor: OrganizationMember, input: ChangeMemberRoleInput, context: RequestContext): Promise<{ name: string; roleName: string }> {
  const result = await serializableTransaction(async (tx) => {
    const { manager, target } = await loadManagedPair(tx, actor, input.membershipId);
    const role = await requireRole(tx, actor.orgId, input.roleId);
    assertCanGrant(manager, role);
    if (role.id === target.role.id) return { target, role, changed: false };
    await assertAnotherOwner(tx, actor.orgId, target, manager.orgName);
    await tx.membership.update({ where: { id: target.id }, data: { role: role.id } });
    await recordAuditEvent(tx, {
      action: "member.role_changed",
      userId: manager.userId,
      orgId: actor.orgId,
      context,
      metadata: { targetEmail: target.email, targetName: target.name, previousRoleName: target.role.name, roleName: role.name },
    });
    return { target, role, changed: true };
  });
  if (result.changed) await sendNotice(emails.memberRoleChanged(result.target.email, { orgName: actor.orgName, roleName: result.role.name }));
  return { name: result.target.name, roleName: result.role.name };
}

/** Limits a member to some companies, or gives them all. */
export async function changeMemberCompanies(actor: OrganizationMember, input: ChangeMemberCompaniesInput, context: RequestContext): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const { manager, target } = await loadManagedPair(tx, actor, input.membershipId);
    const companyIds = await requireCompanies(tx, actor.orgId, input.companyAccess, input.companyIds);
    await tx.membership.update({ where: { id: target.id }, data: { allCompanies: input.companyAccess === "all" } });
    await tx.membershipCompany.deleteMany({ where: { membershipId: target.id } });
    if (companyIds.length > 0) await tx.membershipCompany.createMany({ data: companyIds.map((companyId) => ({ membershipId: target.id, companyId })) });
    const names =
      companyIds.length === 0
        ? []
        : (await tx.company.findMany({ where: { orgId: actor.orgId, id: { in: companyIds } }, orderBy: { name: "asc" }, select: { name: true } })).map((company) => company.name);
    await recordAuditEvent(tx, {
      action: "member.companies_changed",
      userId: manager.userId,
      orgId: actor.orgId,
      context,
      metadata: { targetEmail: target.email, targetName: target.name, companies: input.companyAccess === "all" ? "All companies" : names.join(", ") },
    });
    return { name: target.name };
  });
}

/**
 * Removes a member. Keeps at least one Owner; checked inside a serializable transaction. The
 * removed person loses access on their next request: every page and action re-reads the membership.
 */
export async function removeMember(actor: OrganizationMember, membershipId: string, context: RequestContext): Promise<{ name: string }> {
  const target = await serializableTransaction(async (tx) => {
    const { manager, target } = await loadManagedPair(tx, actor, membershipId);
    await assertAnotherOwner(tx, actor.orgId, target, manager.orgName);
    await tx.membership.delete({ where: { id: target.id } });
    await recordAuditEvent(tx, {
      action: "member.removed",
      userId: manager.userId,
      orgId: actor.orgId,
      context,
      metadata: { targetEmail: target.email, targetName: target.name, roleName: target.role.name },
    });
    return target;
  });
  await sendNotice(emails.memberRemoved(target.email, { orgName: actor.orgName }));
  return { name: target.name };
}
