"use server";

import { organizationAction } from "@/lib/actions/define-action";
import { createRoleSchema, deleteRoleSchema, updateRoleSchema } from "@/lib/organizations/role-schemas";
import { createRole, deleteRole, updateRole } from "@/lib/organizations/roles";

// A role's permissions decide which settings pages its members see: the whole settings tree re-renders.
const REVALIDATE = { path: "/settings", type: "layout" } as const;

export const createRoleAction = organizationAction(
  { permission: "roles.manage", schema: createRoleSchema, echo: ["name", "description"], revalidate: REVALIDATE },
  async (input, { member, context }) => {
    const role = await createRole({ actor: member, input, context });
    return { message: `Role “${role.name}” created.` };
  },
);

export const updateRoleAction = organizationAction(
  { permission: "roles.manage", schema: updateRoleSchema, echo: ["name", "description"], revalidate: REVALIDATE },
  async ({ roleId, ...input }, { member, context }) => {
    const role = await updateRole({ actor: member, roleId, input, context });
    return { message: `Role “${role.name}” saved. Its members have the new permissions from their next page.` };
  },
);

export const deleteRoleAction = organizationAction({ permission: "roles.manage", schema: deleteRoleSchema, revalidate: REVALIDATE }, async ({ roleId }, { member, context }) => {
  const role = await deleteRole({ actor: member, roleId, context });
  return { message: `Role “${role.name}” deleted.` };
});
