"use client";

import { useActionState, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { TypedConfirmationField, TypedConfirmSubmit } from "@/components/forms/typed-confirmation";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { DeletionImpact } from "@/lib/account/delete-account";
import { deleteAccountAction } from "../actions";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

type Props = { email: string; impact: DeletionImpact; stepUpMethod: StepUpMethod };

/** Consequences first, then the typed email, then step-up, then deletion. */
export function DeleteAccountSection({ email, impact, stepUpMethod }: Props) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(deleteAccountAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog: stepUpDialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [typed, setTyped] = useState("");
  const blocked = impact.blockingOrganizations.length > 0;

  const errors = visibleState && !visibleState.ok ? visibleState.fieldErrors : undefined;
  return (
    <div>
      <h3 className="font-medium">Delete account</h3>
      <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">Permanently delete your account and your personal data.</p>
      {blocked ? (
        <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          You are the only Owner of {impact.blockingOrganizations.join(", ")}, which {impact.blockingOrganizations.length === 1 ? "has" : "have"} other members. Make someone else
          Owner, or delete {impact.blockingOrganizations.length === 1 ? "it" : "them"}, before you delete your account.
        </p>
      ) : null}
      <Button type="button" variant="danger" disabled={blocked} onClick={() => setOpen(true)}>
        Delete account
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} title="Delete your account?" width="max-w-md">
        <ul className="-mt-1 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          <li>Your profile, sessions, two-factor settings and recovery codes are deleted, and every device is signed out.</li>
          {impact.deletedOrganizations.length > 0 ? <li>These organizations have no other members and are deleted too: {impact.deletedOrganizations.join(", ")}.</li> : null}
          {impact.leftOrganizations.length > 0 ? <li>You leave: {impact.leftOrganizations.join(", ")}. Their logs keep what happened, without your name.</li> : null}
          <li>This can&apos;t be undone.</li>
        </ul>
        <form ref={form} action={action} className="mt-4 space-y-4" noValidate>
          <TypedConfirmationField id="delete-confirmation" expected={email} value={typed} onChange={setTyped} errors={errors?.confirmation} />
          <FormMessage state={visibleState} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <TypedConfirmSubmit matches={typed === email} label="Delete my account" pendingLabel="Deleting…" />
          </div>
        </form>
      </ModalDialog>
      {stepUpDialog}
    </div>
  );
}
