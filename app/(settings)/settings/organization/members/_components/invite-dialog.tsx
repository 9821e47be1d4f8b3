"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { INVITATION_BATCH_MAX } from "@/lib/organizations/schemas";
import { inviteMembersAction } from "../actions";
import { CompaniesFieldset } from "./companies-fieldset";
import { ModalDialog } from "@/components/forms/modal-dialog";

type Option = { id: string; name: string };

const TEXTAREA_CLASS =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-500 focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600 aria-invalid:border-red-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:aria-invalid:border-red-400";

/** "New invitation": addresses, one role (only those the viewer may grant), companies; "Send". */
export function InviteDialog({ organizationId, roles, companies }: { organizationId: string; roles: Option[]; companies: Option[] }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [state, action] = useActionState(async (previous: Awaited<ReturnType<typeof inviteMembersAction>> | null, formData: FormData) => {
    const result = await inviteMembersAction(previous, formData);
    if (result.ok) {
      // Sent: close, and start the next invitation from an empty form.
      setOpen(false);
      setFormKey((key) => key + 1);
    }
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  const skipped = state?.ok ? state.data.skipped : [];
  const defaultRole = roles.find((role) => role.id === "member")?.id ?? roles[0]?.id;
  return (
    <div className="space-y-2">
      <Button type="button" onClick={() => setOpen(true)}>
        New invitation
      </Button>
      {state?.ok ? <FormMessage state={state} /> : null}
      {skipped.length > 0 ? (
        <ul
          className="max-w-3xl list-disc rounded-md border border-amber-300 bg-amber-50 py-2 pr-3 pl-8 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          aria-label="Addresses not invited"
        >
          {skipped.map((entry) => (
            <li key={entry.email}>{entry.reason}</li>
          ))}
        </ul>
      ) : null}
      <ModalDialog open={open} onClose={() => setOpen(false)} title="New invitation" width="max-w-lg">
        <form key={formKey} action={action} className="space-y-4" noValidate>
          <input type="hidden" name="organizationId" value={organizationId} />
          <div className="space-y-1.5">
            <label htmlFor="invite-emails" className="block text-sm font-medium">
              Email address
            </label>
            <textarea
              id="invite-emails"
              name="emails"
              rows={4}
              required
              defaultValue={fields?.emails}
              key={`emails-${fields?.emails}`}
              aria-invalid={errors?.emails ? true : undefined}
              aria-describedby={errors?.emails ? "invite-emails-description invite-emails-error" : "invite-emails-description"}
              className={TEXTAREA_CLASS}
            />
            <p id="invite-emails-description" className="text-xs text-zinc-600 dark:text-zinc-400">
              One or several, separated by commas or new lines (up to {INVITATION_BATCH_MAX}). Each gets a link valid for 7 days.
            </p>
            {errors?.emails ? (
              <ul id="invite-emails-error" className="text-sm text-red-700 dark:text-red-400">
                {errors.emails.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <SelectField id="invite-role" name="roleId" label="Role" defaultValue={defaultRole} errors={errors?.roleId}>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </SelectField>
          <CompaniesFieldset companies={companies} selected={null} errors={errors?.companyIds} />
          {state && !state.ok ? <FormMessage state={state} /> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <SubmitButton pendingLabel="Sending…">Send</SubmitButton>
          </div>
        </form>
      </ModalDialog>
    </div>
  );
}
