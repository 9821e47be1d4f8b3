import type { Metadata } from "next";
import { TableScroll } from "@/components/ui/table-scroll";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireCurrentMember } from "@/lib/organizations/current-organization";
import { PERMISSIONS, can, holdsAll } from "@/lib/organizations/permissions";
import { GRANTABLE_PERMISSIONS } from "@/lib/organizations/role-schemas";
import { listRolesWithHolders } from "@/lib/organizations/roles";
import { DeleteRoleButton } from "./_components/delete-role-button";
import { RoleDialog, type PermissionChoice } from "./_components/role-dialog";

export const metadata: Metadata = { title: "Roles" };

const GRANTED = "p-3 text-center font-semibold text-green-800 dark:text-green-400";
const NOT_GRANTED = "p-3 text-center text-zinc-600 dark:text-zinc-400";

export default async function RolesPage() {
  const { member } = await requireCurrentMember("organization.view");
  const roles = await listRolesWithHolders(member.orgId);
  const manages = can(member, "roles.manage");
  const choices: PermissionChoice[] = GRANTABLE_PERMISSIONS.map((permission) => ({ id: permission.id, label: permission.label, locked: !can(member, permission.id) }));
  const custom = roles.filter((role) => !role.builtIn);
  return (
    <>
      <SettingsPageHeader title="Roles" description={`What each role may do in ${member.orgName}. Built-in roles are fixed; custom roles can be shaped to fit.`} />
      {manages ? (
        <div className="mb-6">
          <RoleDialog organizationId={member.orgId} choices={choices} />
        </div>
      ) : null}

      <TableScroll label="Permission matrix">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Permissions of each role: rows are permissions, columns are roles.</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <th scope="col" className="min-w-48 p-3 text-left align-bottom font-medium">
                Permission
              </th>
              {roles.map((role) => (
                <th key={role.id} scope="col" className="min-w-28 p-3 text-left align-bottom font-medium">
                  <span className="block">{role.name}</span>
                  <span className="mt-1 inline-block rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                    {role.builtIn ? "Built-in" : "Custom"}
                  </span>
                  {role.description ? <span className="mt-1 block text-xs font-normal text-zinc-600 dark:text-zinc-400">{role.description}</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {PERMISSIONS.map((permission) => (
              <tr key={permission.id}>
                <th scope="row" className="p-3 text-left font-normal">
                  {permission.label}
                </th>
                {/* One element a cell, its word read alike by eye and by screen reader: the matrix is most of the page. */}
                {roles.map((role) =>
                  role.permissions.has(permission.id) ? (
                    <td key={role.id} className={GRANTED}>
                      Yes
                    </td>
                  ) : (
                    <td key={role.id} className={NOT_GRANTED}>
                      No
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <section aria-labelledby="custom-roles" className="mt-8 max-w-3xl">
        <h2 id="custom-roles" className="text-lg font-semibold">
          Custom roles
        </h2>
        {custom.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            No custom roles yet. {manages ? "Create one when the built-in roles give someone too much or too little." : "Owners and Admins can create them."}
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Custom roles">
            {custom.map((role) => {
              const editable = manages && holdsAll(member, role.permissions);
              return (
                <li key={role.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium break-words">{role.name}</p>
                    {role.description ? <p className="break-words text-zinc-600 dark:text-zinc-400">{role.description}</p> : null}
                    <p className="text-zinc-600 dark:text-zinc-400">{role.holders === 0 ? "No members" : role.holders === 1 ? "1 member" : `${role.holders} members`}</p>
                    {manages && !editable ? <p className="text-zinc-600 dark:text-zinc-400">It has permissions your role lacks, so you can&apos;t change it.</p> : null}
                  </div>
                  {editable ? (
                    <div className="flex shrink-0 flex-wrap items-start gap-2">
                      <RoleDialog
                        organizationId={member.orgId}
                        choices={choices}
                        role={{ id: role.id, name: role.name, description: role.description, permissions: [...role.permissions] }}
                      />
                      <DeleteRoleButton organizationId={member.orgId} roleId={role.id} name={role.name} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
