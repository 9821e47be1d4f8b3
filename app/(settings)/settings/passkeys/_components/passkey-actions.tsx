"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { deletePasskeyAction, renamePasskeyAction } from "../actions";

type Props = { passkeyId: string; name: string; stepUpMethod: StepUpMethod; maxLength: number };

export function PasskeyActions({ passkeyId, name, stepUpMethod, maxLength }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [renameState, rename] = useActionState(renamePasskeyAction, null);
  // The rename result the form was opened after: a success closes the form, and opening it
  // again after that success must not be closed by the same, older result.
  const [renameOpenedAfter, setRenameOpenedAfter] = useState<typeof renameState>(null);
  const [deleteState, remove, deleting] = useActionState(deletePasskeyAction, null);
  const deleteForm = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(deleteState, deleteForm, stepUpMethod);
  const [confirming, setConfirming] = useState(false);
  const renameErrors = renameState && !renameState.ok ? renameState.fieldErrors : undefined;

  if (renaming && (renameState === renameOpenedAfter || !renameState?.ok)) {
    return (
      <form action={rename} className="flex flex-col gap-2 sm:w-80" noValidate>
        <input type="hidden" name="passkeyId" value={passkeyId} />
        <Field name="name" id={`rename-${passkeyId}`} label="New name" defaultValue={name} required maxLength={maxLength} autoFocus errors={renameErrors?.name} />
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
          <input type="hidden" name="passkeyId" value={passkeyId} />
          <Button type="button" variant="danger" disabled={deleting} onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>
            {deleting ? "Deleting…" : "Delete"}
          </Button>
        </form>
      </div>
      <FormMessage state={visibleState && !visibleState.ok ? visibleState : renameState} />
      {dialog}
      <ConfirmDialog open={confirming} title={`Delete “${name}”?`} confirmLabel="Delete" onClose={() => setConfirming(false)} onConfirm={() => deleteForm.current?.requestSubmit()}>
        You won&apos;t be able to sign in with this passkey any more. The passkey itself stays on your device until you remove it there.
      </ConfirmDialog>
    </div>
  );
}
