import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { BASE_PERMISSIONS, BUILT_IN_ROLES, OWNER_ONLY_PERMISSIONS, isBuiltInRoleId, isPermission, type Permission, type PermissionHolder } from "./permissions";

/** A role as a member holds it: built-in (in code) or custom (a Role row of the organization). */
export type ResolvedRole = { id: string; name: string; description: string; builtIn: boolean; permissions: ReadonlySet<Permission> };

/** The signed-in person as a member of one organization: what every organization check starts from. */
export type OrganizationMember = PermissionHolder & {
  membershipId: string;
  userId: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  role: ResolvedRole;
};

export function parsePermissions(stored: string): Permission[] {
  return stored.split(" ").filter(isPermission);
}

/** A custom role as stored; what only Owners may hold is never read from a row. */
export function customRole(row: { id: string; name: string; description: string; permissions: string }): ResolvedRole {
  const listed = parsePermissions(row.permissions).filter((permission) => !OWNER_ONLY_PERMISSIONS.includes(permission));
  return { id: row.id, name: row.name, description: row.description, builtIn: false, permissions: new Set([...BASE_PERMISSIONS, ...listed]) };
}

export function builtInRole(id: string): ResolvedRole | null {
  const role = BUILT_IN_ROLES.find((candidate) => candidate.id === id);
  return role ? { id: role.id, name: role.name, description: role.description, builtIn: true, permissions: new Set(role.permissions) } : null;
}

/** The role a role id names inside one organization, or null: a custom role of another organization is unknown here. */
export async function resolveRole(client: Tx | typeof db, orgId: string, roleId: string): Promise<ResolvedRole | null> {
  if (isBuiltInRoleId(roleId)) return builtInRole(roleId);
  const row = await client.role.findFirst({ where: { id: roleId, orgId }, select: { id: true, name: true, description: true, permissions: true } });
  return row ? customRole(row) : null;
}

/**
 * The person's membership of an organization, read fresh on every request so that a removal
 * or a demotion bites on the next one. Null when they are not a member: callers answer Not
 * Found, the same as for an organization that does not exist.
 */
export async function findMember(userId: string, orgId: string, client: Tx | typeof db = db): Promise<OrganizationMember | null> {
  const membership = await client.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: MEMBERSHIP_SELECT });
  return membership ? memberOf(userId, membership, client) : null;
}

/** What a membership row must hold to become an OrganizationMember (memberOf). */
const MEMBERSHIP_SELECT = { id: true, orgId: true, role: true, org: { select: { name: true, slug: true } } } as const;

/** A membership row as the member it makes, its role resolved (a custom role costs one read). */
export async function memberOf(
  userId: string,
  membership: { id: string; orgId: string; role: string; org: { name: string; slug: string } },
  client: Tx | typeof db = db,
): Promise<OrganizationMember> {
  const { orgId } = membership;
  // A membership whose custom role vanished keeps only the base permissions.
  const role = (await resolveRole(client, orgId, membership.role)) ?? {
    id: membership.role,
    name: "Unknown role",
    description: "",
    builtIn: false,
    permissions: new Set(BASE_PERMISSIONS),
  };
  return { membershipId: membership.id, userId, orgId, orgName: membership.org.name, orgSlug: membership.org.slug, role, permissions: role.permissions };
}

/** Like findMember, for code paths where a missing membership is the caller's Not Found. */
export async function requireMember(userId: string, orgId: string, client: Tx | typeof db = db): Promise<OrganizationMember> {
  const member = await findMember(userId, orgId, client);
  if (!member) throw new AppError("NOT_FOUND");
  return member;
}
