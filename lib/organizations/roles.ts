import "server-only";
import { cache } from "react";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, type Tx } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { builtInRole, customRole, parsePermissions, requireMember, type OrganizationMember, type ResolvedRole } from "./member";
import { BASE_PERMISSIONS, BUILT_IN_ROLES, OWNER_ONLY_PERMISSIONS, PERMISSION_IDS, PERMISSIONS, can, holdsAll, type Permission } from "./permissions";
import { recordAuthorizationRefusal } from "./record-authorization-refusal";
import type { RoleFields } from "./role-schemas";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { assertNameFree, nameTaken } from "./unique-name";

/**
 * The built-in roles, then the organization's custom roles by name. Outside a transaction they
 * are read once per request: the members page lists them for its members, its invitations and
 * its invite dialog.
 */
export async function listRoles(orgId: string, client: Tx | typeof db = db): Promise<ResolvedRole[]> {
  return client === db ? rolesOf(orgId) : readRoles(orgId, client);
}

const rolesOf = cache((orgId: string) => readRoles(orgId, db));

async function readRoles(orgId: string, client: Tx | typeof db): Promise<ResolvedRole[]> {
  const custom = await client.role.findMany({
    where: { orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, description: true, permissions: true },
  });
  return [...BUILT_IN_ROLES.map((role) => builtInRole(role.id)!), ...custom.map(customRole)];
}

export type RoleWithHolders = ResolvedRole & { holders: number };

/** listRoles, each with how many members hold the role. */
export async function listRolesWithHolders(orgId: string): Promise<RoleWithHolders[]> {
  const [roles, counts] = await Promise.all([listRoles(orgId), db.membership.groupBy({ by: ["role"], where: { orgId }, _count: { _all: true } })]);
  const holders = new Map(counts.map((count) => [count.role, count._count._all]));
  return roles.map((role) => ({ ...role, holders: holders.get(role.id) ?? 0 }));
}

/**
 * Whether `actor` may hand `role` to someone: only Owners make Owners, and nobody grants a
 * role that carries a permission they lack (no escalation).
 */
export function canGrant(actor: OrganizationMember, role: ResolvedRole): boolean {
  if (!can(actor, "members.manage")) return false;
  if (role.id === "owner") return can(actor, "owners.manage");
  return holdsAll(actor, role.permissions);
}

/**
 * Whether `actor` may change the role of, or remove, a member who holds `targetRole`: never
 * themselves (they leave or transfer ownership instead), Owners only by Owners, and nobody
 * whose role carries more than the actor's.
 */
export function canManageMember(actor: OrganizationMember, target: { userId: string; role: ResolvedRole }): boolean {
  if (!can(actor, "members.manage") || target.userId === actor.userId) return false;
  if (target.role.id === "owner") return can(actor, "owners.manage");
  return holdsAll(actor, target.role.permissions);
}

// ---------------------------------------------------------------------------------------------
// Custom roles: created, edited and deleted by members with roles.manage.

type RoleChange = { actor: OrganizationMember; context: RequestContext };

/** A permission the actor lacks, among those they want to put in (or take out of) a role. */
class Escalation extends Error {
  constructor(
    readonly member: OrganizationMember,
    readonly permission: Permission,
  ) {
    super("escalation");
  }
}

/**
 * The actor as they are now, inside the write: a demotion that committed a moment ago bites.
 * Someone who left is Not Found; someone without roles.manage is Forbidden; someone who lacks
 * one of `permissions` may not hand it out (nor take it from those who hold it).
 */
async function requireRoleManager(tx: Tx, actor: OrganizationMember, permissions: Iterable<Permission>): Promise<OrganizationMember> {
  const member = await requireMember(actor.userId, actor.orgId, tx);
  if (!can(member, "roles.manage")) throw new AppError("FORBIDDEN");
  for (const permission of permissions) {
    if (OWNER_ONLY_PERMISSIONS.includes(permission)) throw new AppError("INVALID_INPUT", "Only Owners hold that permission: it can't be part of a custom role.");
    if (!can(member, permission)) throw new Escalation(member, permission);
  }
  return member;
}

/** Runs a role change; an escalation attempt is refused and written to the organization's log. */
async function withEscalationCheck<T>(context: RequestContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Escalation)) throw error;
    await recordAuthorizationRefusal(error.member, error.permission, context);
    const label = PERMISSIONS.find((permission) => permission.id === error.permission)?.label ?? error.permission;
    throw new AppError("FORBIDDEN", `Your role doesn't include “${label}”, so you can't put it in a role or take it out of one.`);
  }
}

/** What a custom role stores: its own permissions, without the base ones every role has. */
function storedPermissions(permissions: readonly Permission[]): string {
  const wanted = new Set(permissions);
  return PERMISSION_IDS.filter((permission) => wanted.has(permission) && !BASE_PERMISSIONS.includes(permission)).join(" ");
}

const ROLE_NAME_TAKEN = "A role with that name already exists. Choose another.";

async function roleNames(tx: Tx, orgId: string) {
  return tx.role.findMany({ where: { orgId }, select: { id: true, name: true } });
}

async function findRole(tx: Tx, orgId: string, roleId: string) {
  // Scoped by organization in the query: another organization's role id is Not Found here.
  const role = await tx.role.findFirst({ where: { id: roleId, orgId }, select: { id: true, name: true, description: true, permissions: true } });
  if (!role) throw new AppError("NOT_FOUND", "That role doesn't exist or was deleted.");
  return role;
}

/** Creates a custom role. Throws FORBIDDEN for a permission the actor lacks, CONFLICT for a taken name. */
export async function createRole({ actor, input, context }: RoleChange & { input: RoleFields }): Promise<{ id: string; name: string }> {
  const permissions = storedPermissions(input.permissions);
  return withEscalationCheck(context, async () => {
    try {
      return await serializableTransaction(async (tx) => {
        await requireRoleManager(tx, actor, input.permissions);
        assertNameFree(await roleNames(tx, actor.orgId), input.name, null, ROLE_NAME_TAKEN);
        const role = await tx.role.create({ data: { orgId: actor.orgId, name: input.name, description: input.description, permissions }, select: { id: true, name: true } });
        await recordAuditEvent(tx, { action: "role.created", userId: actor.userId, orgId: actor.orgId, context, metadata: { roleId: role.id, roleName: role.name, permissions } });
        return role;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(ROLE_NAME_TAKEN);
      throw error;
    }
  });
}

/**
 * Edits a custom role. Its members' rights change with it on their next request. The actor
 * must hold every permission the role had and every one it gets: editing a role is granting it.
 */
export async function updateRole({ actor, roleId, input, context }: RoleChange & { roleId: string; input: RoleFields }): Promise<{ id: string; name: string }> {
  const permissions = storedPermissions(input.permissions);
  return withEscalationCheck(context, async () => {
    try {
      return await serializableTransaction(async (tx) => {
        await requireRoleManager(tx, actor, []);
        const role = await findRole(tx, actor.orgId, roleId);
        await requireRoleManager(tx, actor, new Set([...parsePermissions(role.permissions), ...input.permissions]));
        assertNameFree(await roleNames(tx, actor.orgId), input.name, role.id, ROLE_NAME_TAKEN);
        await tx.role.update({ where: { id: role.id }, data: { name: input.name, description: input.description, permissions } });
        await recordAuditEvent(tx, {
          action: "role.updated",
          userId: actor.userId,
          orgId: actor.orgId,
          context,
          metadata: { roleId: role.id, roleName: input.name, ...(role.name === input.name ? {} : { previousName: role.name }), permissions, previousPermissions: role.permissions },
        });
        return { id: role.id, name: input.name };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(ROLE_NAME_TAKEN);
      throw error;
    }
  });
}

/**
 * Deletes a custom role nobody holds. A role held by members, or offered by a pending
 * invitation, is refused with what to do first; the check runs in the same serializable
 * transaction as the delete, so a member given the role meanwhile is not left without one.
 */
export async function deleteRole({ actor, roleId, context }: RoleChange & { roleId: string }): Promise<{ name: string }> {
  return withEscalationCheck(context, () =>
    serializableTransaction(async (tx) => {
      await requireRoleManager(tx, actor, []);
      const role = await findRole(tx, actor.orgId, roleId);
      await requireRoleManager(tx, actor, parsePermissions(role.permissions));
      const holders = await tx.membership.count({ where: { orgId: actor.orgId, role: role.id } });
      if (holders > 0) {
        throw new AppError(
          "CONFLICT",
          `${holders === 1 ? "1 member holds" : `${holders} members hold`} “${role.name}”. Give ${holders === 1 ? "them" : `its ${holders} members`} another role first.`,
        );
      }
      const offered = await tx.invitation.count({ where: { orgId: actor.orgId, role: role.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } });
      if (offered > 0) {
        throw new AppError(
          "CONFLICT",
          `${offered === 1 ? "A pending invitation offers" : `${offered} pending invitations offer`} “${role.name}”. Revoke ${offered === 1 ? "it" : "them"} first.`,
        );
      }
      await tx.role.delete({ where: { id: role.id } });
      await recordAuditEvent(tx, {
        action: "role.deleted",
        userId: actor.userId,
        orgId: actor.orgId,
        context,
        metadata: { roleId: role.id, roleName: role.name, permissions: role.permissions },
      });
      return { name: role.name };
    }),
  );
}
