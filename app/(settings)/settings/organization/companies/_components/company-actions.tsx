"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { COMPANY_NAME_MAX_LENGTH } from "@/lib/organizations/company-schemas";
import { deleteCompanyAction, renameCompanyAction } from "../actions";

type Props = { organizationId: string; companyId: string; name: string };

/** Rename in place, and delete after a confirmation. */
export function CompanyActions({ organizationId, companyId, name }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [renameState, rename] = useActionState(renameCompanyAction, null);
  // The rename result the form was opened after: a success closes the form, and opening it
  // again must not be closed by that same, older result.
  const [renameOpenedAfter, setRenameOpenedAfter] = useState<typeof renameState>(null);
  const [deleteState, remove, deleting] = useActionState(deleteCompanyAction, null);
  const deleteForm = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  const renameErrors = renameState && !renameState.ok ? renameState.fieldErrors : undefined;

  if (renaming && (renameState === renameOpenedAfter || !renameState?.ok)) {
    return (
      <form action={rename} className="flex flex-col gap-2 sm:w-80" noValidate>
        <input type="hidden" name="organizationId" value={organizationId} />
        <input type="hidden" name="companyId" value={companyId} />
        <Field
          name="name"
          id={`rename-${companyId}`}
          label={`New name for ${name}`}
          defaultValue={renameState && !renameState.ok ? (renameState.fields?.name ?? name) : name}
          required
          maxLength={COMPANY_NAME_MAX_LENGTH}
          autoFocus
          errors={renameErrors?.name}
        />
        <FormMessage state={renameState && !renameState.ok && !renameErrors ? renameState : null} />
        <div className="flex gap-2">
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          <Button type="button" variant="ghost" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className="flex shrink-0 flex-col items-start gap-2 sm:items-end">
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setRenameOpenedAfter(renameState);
            setRenaming(true);
          }}
          aria-label={`Rename ${name}`}
        >
          Rename
        </Button>
        <form ref={deleteForm} action={remove}>
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="companyId" value={companyId} />
          <Button type="button" variant="danger" disabled={deleting} onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>
            {deleting ? "Deleting…" : "Delete"}
          </Button>
        </form>
      </div>
      <FormMessage state={deleteState && !deleteState.ok ? deleteState : renameState} />
      <ConfirmDialog
        open={confirming}
        title={`Delete ${name}?`}
        confirmLabel="Delete company"
        onClose={() => setConfirming(false)}
        onConfirm={() => deleteForm.current?.requestSubmit()}
      >
        Members lose access to {name} only: they keep access to the other companies they can reach. Pending invitations stop offering it.
      </ConfirmDialog>
    </div>
  );
}
