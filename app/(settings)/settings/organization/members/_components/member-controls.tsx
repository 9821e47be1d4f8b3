"use client";

import { useActionState, useId, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { SELECT_CLASS } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { changeMemberCompaniesAction, changeMemberRoleAction, removeMemberAction } from "../actions";
import { CompaniesFieldset } from "./companies-fieldset";
import { ModalDialog } from "@/components/forms/modal-dialog";

type Role = { id: string; name: string };

/** The member's role as a select of the roles the viewer may grant, saved with its own button. */
export function MemberRoleForm({
  organizationId,
  membershipId,
  name,
  roleId,
  roleName,
  roles,
}: {
  organizationId: string;
  membershipId: string;
  name: string;
  roleId: string;
  roleName: string;
  roles: Role[];
}) {
  const [state, action] = useActionState(changeMemberRoleAction, null);
  const selectId = useId();
  const options = roles.some((role) => role.id === roleId) ? roles : [{ id: roleId, name: roleName }, ...roles];
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="membershipId" value={membershipId} />
      <div className="flex items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role for {name}
        </label>
        <select id={selectId} name="roleId" defaultValue={roleId} key={roleId} className={`${SELECT_CLASS} w-auto min-w-32 py-1.5`}>
          {options.map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
            </option>
          ))}
        </select>
        <RowSubmitButton label={`Save role for ${name}`} pendingLabel="Saving…">
          Save
        </RowSubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

/** A submit button named for its row ("Save role for Ada Lovelace"), busy while its form runs. */
export function RowSubmitButton({ label, children, pendingLabel }: { label: string; children: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={pending} aria-label={label}>
      {pending ? pendingLabel : children}
    </Button>
  );
}

/** Company access: a summary and an "Edit" button opening a small dialog. */
export function MemberCompaniesEditor({
  organizationId,
  membershipId,
  name,
  selected,
  companies,
  summary,
}: {
  organizationId: string;
  membershipId: string;
  name: string;
  selected: string[] | null;
  companies: Role[];
  summary: string;
}) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(async (previous: Awaited<ReturnType<typeof changeMemberCompaniesAction>> | null, formData: FormData) => {
    const result = await changeMemberCompaniesAction(previous, formData);
    if (result.ok) setOpen(false);
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-1">
      <p>{summary}</p>
      <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setOpen(true)} aria-label={`Edit companies for ${name}`}>
        Edit
      </Button>
      {state?.ok ? <FormMessage state={state} /> : null}
      <ModalDialog open={open} onClose={() => setOpen(false)} title={`Companies for ${name}`}>
        <form action={action} className="space-y-4">
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="membershipId" value={membershipId} />
          <CompaniesFieldset companies={companies} selected={selected} errors={errors?.companyIds} />
          {state && !state.ok ? <FormMessage state={state} /> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <SubmitButton pendingLabel="Saving…">Save companies</SubmitButton>
          </div>
        </form>
      </ModalDialog>
    </div>
  );
}

/** "Remove", behind a confirmation. */
export function RemoveMemberButton({ organizationId, membershipId, name, orgName }: { organizationId: string; membershipId: string; name: string; orgName: string }) {
  const [state, action, pending] = useActionState(removeMemberAction, null);
  const form = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div>
      <form ref={form} action={action}>
        <input type="hidden" name="organizationId" value={organizationId} />
        <input type="hidden" name="membershipId" value={membershipId} />
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(true)} aria-label={`Remove ${name}`}>
          {pending ? "Removing…" : "Remove"}
        </Button>
        <FormMessage state={state} />
      </form>
      <ConfirmDialog open={confirming} title={`Remove ${name}?`} confirmLabel="Remove member" onClose={() => setConfirming(false)} onConfirm={() => form.current?.requestSubmit()}>
        {name} loses access to {orgName} on their next request. They can rejoin only with a new invitation.
      </ConfirmDialog>
    </div>
  );
}
