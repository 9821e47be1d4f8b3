// Custom role fields, shared by the roles page's forms and the server (safe to import in client code).
import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { plainText } from "@/lib/validation/fields";
import { repeatedField } from "@/lib/validation/form-data";
import { BASE_PERMISSIONS, BUILT_IN_ROLES, OWNER_ONLY_PERMISSIONS, PERMISSIONS, type Permission } from "./permissions";

export const ROLE_NAME_MAX_LENGTH = 50;
export const ROLE_DESCRIPTION_MAX_LENGTH = 200;

/**
 * What a custom role may carry: every permission except the Owner's own (only Owners are
 * Owners) and the base ones every role has anyway.
 */
export const GRANTABLE_PERMISSIONS = PERMISSIONS.filter((permission) => !OWNER_ONLY_PERMISSIONS.includes(permission.id) && !BASE_PERMISSIONS.includes(permission.id));

const grantableIds = GRANTABLE_PERMISSIONS.map((permission) => permission.id) as [Permission, ...Permission[]];

const BUILT_IN_NAMES = new Set(BUILT_IN_ROLES.map((role) => role.name.toLowerCase()));

const roleName = plainText("Name", ROLE_NAME_MAX_LENGTH)
  .refine((value) => value.length > 0, "Enter a name for the role.")
  // A custom "Owner" would read like the real one in every list and email.
  .refine((value) => !BUILT_IN_NAMES.has(value.toLowerCase()), "That name belongs to a built-in role. Choose another.");

export const roleFieldsSchema = z.object({
  name: roleName,
  description: plainText("Description", ROLE_DESCRIPTION_MAX_LENGTH)
    .optional()
    .transform((value) => value ?? ""),
  permissions: repeatedField(z.enum(grantableIds, { error: "Choose permissions from the list." }), { max: grantableIds.length, label: "permissions" }),
});
export type RoleFields = z.infer<typeof roleFieldsSchema>;

const roleId = recordId("Choose a role.");

export const createRoleSchema = roleFieldsSchema;
export const updateRoleSchema = roleFieldsSchema.extend({ roleId });
export const deleteRoleSchema = z.object({ roleId });
