// What a member of an organization may do: one typed list, one check. Pages, server actions,
// route handlers and API keys all ask `can(member, permission)` (docs/decisions/0013).

export const PERMISSIONS = [
  { id: "organization.view", label: "See the organization and its members" },
  { id: "organization.update", label: "Edit organization details" },
  { id: "members.manage", label: "Invite and remove members, change roles (not of Owners)" },
  { id: "companies.manage", label: "Create, rename and delete companies" },
  { id: "roles.manage", label: "Create, edit and delete custom roles" },
  { id: "owners.manage", label: "Make or remove Owners, transfer ownership, delete the organization" },
  { id: "api_keys.view", label: "See API keys (masked)" },
  { id: "api_keys.manage_own", label: "Create, rotate and revoke own API keys" },
  { id: "api_keys.manage", label: "Create, rotate and revoke every API key" },
  { id: "api_keys.reveal_own", label: "Reveal own API keys (with a second factor)" },
  { id: "api_keys.reveal", label: "Reveal every API key (with a second factor)" },
  { id: "audit_log.view", label: "See the organization audit log" },
  { id: "notifications.send", label: "Send notifications to members through the API" },
] as const;

export type Permission = (typeof PERMISSIONS)[number]["id"];

export const PERMISSION_IDS: readonly Permission[] = PERMISSIONS.map((permission) => permission.id);

export function isPermission(value: string): value is Permission {
  return (PERMISSION_IDS as readonly string[]).includes(value);
}

/** Only Owners are Owners: no custom role carries what makes one. */
export const OWNER_ONLY_PERMISSIONS: readonly Permission[] = ["owners.manage"];

/** Every role, custom ones included, may see its organization. */
export const BASE_PERMISSIONS: readonly Permission[] = ["organization.view"];

export const BUILT_IN_ROLES = [
  {
    id: "owner",
    name: "Owner",
    description: "Everything, including Owners, ownership and deleting the organization.",
    permissions: PERMISSION_IDS,
  },
  {
    id: "admin",
    name: "Admin",
    description: "Runs the organization: details, members, roles, API keys and the audit log.",
    permissions: PERMISSION_IDS.filter((permission) => !OWNER_ONLY_PERMISSIONS.includes(permission)),
  },
  {
    id: "developer",
    name: "Developer",
    description: "Sees the organization, manages their own API keys and sends notifications through them.",
    permissions: ["organization.view", "api_keys.view", "api_keys.manage_own", "api_keys.reveal_own", "notifications.send"],
  },
  {
    id: "member",
    name: "Member",
    description: "Sees the organization and its members.",
    permissions: ["organization.view"],
  },
] as const satisfies readonly { id: string; name: string; description: string; permissions: readonly Permission[] }[];

export type BuiltInRoleId = (typeof BUILT_IN_ROLES)[number]["id"];

export function isBuiltInRoleId(value: string): value is BuiltInRoleId {
  return BUILT_IN_ROLES.some((role) => role.id === value);
}

/** The permissions a member holds, whatever role gave them. */
export type PermissionHolder = { readonly permissions: ReadonlySet<Permission> };

export function can(holder: PermissionHolder, permission: Permission): boolean {
  return holder.permissions.has(permission);
}

/** Granting a role hands over its permissions: nobody hands over what they lack. */
export function holdsAll(holder: PermissionHolder, permissions: Iterable<Permission>): boolean {
  for (const permission of permissions) if (!holder.permissions.has(permission)) return false;
  return true;
}
