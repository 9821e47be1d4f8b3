import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { builtInRole, customRole, type OrganizationMember, type ResolvedRole } from "./member";
import { BUILT_IN_ROLES, can, holdsAll } from "./permissions";

/** The built-in roles, then the organization's custom roles by name. */
export async function listRoles(orgId: string, client: Tx | typeof db = db): Promise<ResolvedRole[]> {
  const custom = await client.role.findMany({ where: { orgId }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, description: true, permissions: true } });
  return [...BUILT_IN_ROLES.map((role) => builtInRole(role.id)!), ...custom.map(customRole)];
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
