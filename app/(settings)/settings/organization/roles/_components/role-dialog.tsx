"use client";

import { useActionState, useEffect, useId, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { ROLE_DESCRIPTION_MAX_LENGTH, ROLE_NAME_MAX_LENGTH } from "@/lib/organizations/role-schemas";
import { createRoleAction, updateRoleAction } from "../actions";

export type PermissionChoice = { id: string; label: string; /** The viewer's role lacks it: they may not hand it out. */ locked: boolean };

type Props = {
  organizationId: string;
  choices: PermissionChoice[];
  /** The role being edited; none for "New role". */
  role?: { id: string; name: string; description: string; permissions: string[] };
};

/** "New role" or "Edit role …": a dialog with the name, the description and the permissions. */
export function RoleDialog({ organizationId, choices, role }: Props) {
  const [state, action] = useActionState(role ? updateRoleAction : createRoleAction, null);
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const prefix = useId();
  useEffect(() => {
    if (state?.ok) {
      setOpen(false);
      setFormKey((key) => key + 1);
    }
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  const title = role ? `Edit role ${role.name}` : "New role";
  return (
    <div className="space-y-2">
      <Button type="button" variant={role ? "secondary" : "primary"} onClick={() => setOpen(true)} aria-label={role ? `Edit role ${role.name}` : undefined}>
        {role ? "Edit" : "New role"}
      </Button>
      {state?.ok ? <FormMessage state={state} /> : null}
      <ModalDialog open={open} onClose={() => setOpen(false)} title={title} width="max-w-lg">
        <form key={formKey} action={action} className="space-y-4" noValidate>
          <input type="hidden" name="organizationId" value={organizationId} />
          {role ? <input type="hidden" name="roleId" value={role.id} /> : null}
          <Field
            id={`${prefix}-name`}
            name="name"
            label="Name"
            required
            maxLength={ROLE_NAME_MAX_LENGTH}
            defaultValue={fields?.name ?? role?.name}
            key={`name-${fields?.name}`}
            errors={errors?.name}
          />
          <Field
            id={`${prefix}-description`}
            name="description"
            label="Description"
            maxLength={ROLE_DESCRIPTION_MAX_LENGTH}
            defaultValue={fields?.description ?? role?.description}
            key={`description-${fields?.description}`}
            errors={errors?.description}
          />
          <fieldset className="space-y-2" aria-describedby={errors?.permissions ? `${prefix}-permissions-error` : `${prefix}-permissions-description`}>
            <legend className="text-sm font-medium">Permissions</legend>
            <p id={`${prefix}-permissions-description`} className="text-xs text-zinc-600 dark:text-zinc-400">
              Every role sees the organization and its members. You can only give permissions your own role has.
            </p>
            <ul className="space-y-1.5">
              {choices.map((choice) => (
                <li key={choice.id} className="flex items-start gap-2 text-sm">
                  <input
                    id={`${prefix}-${choice.id}`}
                    type="checkbox"
                    name="permissions"
                    value={choice.id}
                    defaultChecked={role?.permissions.includes(choice.id)}
                    disabled={choice.locked}
                    className="mt-0.5 size-4 accent-zinc-900 dark:accent-zinc-100"
                  />
                  <label htmlFor={`${prefix}-${choice.id}`} className={choice.locked ? "text-zinc-600 dark:text-zinc-400" : undefined}>
                    {choice.label}
                    {choice.locked ? <span className="text-xs"> (not in your role)</span> : null}
                  </label>
                </li>
              ))}
            </ul>
            {errors?.permissions ? (
              <p id={`${prefix}-permissions-error`} className="text-sm text-red-700 dark:text-red-400">
                {errors.permissions[0]}
              </p>
            ) : null}
          </fieldset>
          {state && !state.ok ? <FormMessage state={state} /> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <SubmitButton pendingLabel="Saving…">{role ? "Save" : "Create role"}</SubmitButton>
          </div>
        </form>
      </ModalDialog>
    </div>
  );
}
