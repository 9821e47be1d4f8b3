"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import type { PendingTransfer } from "@/lib/organizations/ownership-transfer";
import { cancelOwnershipTransferAction, requestOwnershipTransferAction } from "../actions";

type Props = {
  organizationId: string;
  orgName: string;
  candidates: { userId: string; name: string; email: string }[];
  transfer: PendingTransfer | null;
  stepUpMethod: StepUpMethod;
};

/** An open transfer with "Cancel transfer", or the member picker that starts one (step-up). */
export function TransferOwnershipSection({ organizationId, orgName, candidates, transfer, stepUpMethod }: Props) {
  const [state, action] = useActionState(requestOwnershipTransferAction, null);
  const [cancelState, cancelAction] = useActionState(cancelOwnershipTransferAction, null);
  const form = useRef<HTMLFormElement>(null);
  const cancelForm = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  // Controlled: React resets a form after its action, and the step-up retry submits it again.
  const [chosen, setChosen] = useState("");
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const errors = visibleState && !visibleState.ok ? visibleState.fieldErrors : undefined;

  if (transfer) {
    return (
      <div className="mt-2 space-y-3 text-sm">
        <p>
          Waiting for <strong>{transfer.toName}</strong> ({transfer.toEmail}) to accept. Until then nothing changes. The request ends on{" "}
          <time dateTime={transfer.expiresAt.toISOString()}>{transfer.expiresAt.toLocaleDateString("en", { dateStyle: "long" })}</time>.
        </p>
        <form ref={cancelForm} action={cancelAction}>
          <input type="hidden" name="organizationId" value={organizationId} />
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            Cancel transfer
          </Button>
        </form>
        <FormMessage state={cancelState} />
        <ConfirmDialog
          open={confirming}
          title="Cancel the ownership transfer?"
          confirmLabel="Cancel transfer"
          onClose={() => setConfirming(false)}
          onConfirm={() => cancelForm.current?.requestSubmit()}
        >
          {transfer.toName} will no longer be able to accept it.
        </ConfirmDialog>
      </div>
    );
  }
  if (candidates.length === 0) {
    return <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Invite someone first: ownership goes to another member of {orgName}.</p>;
  }
  return (
    <>
      <form ref={form} action={action} className="mt-1 space-y-4" noValidate>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The member you choose gets an email and must accept. Then they become the Owner and you become an Admin. You&apos;ll be asked to confirm it&apos;s you.
        </p>
        <input type="hidden" name="organizationId" value={organizationId} />
        <SelectField name="userId" label="New owner" value={chosen} onChange={(event) => setChosen(event.target.value)} errors={errors?.userId} required>
          <option value="" disabled>
            Choose a member
          </option>
          {candidates.map((candidate) => (
            <option key={candidate.userId} value={candidate.userId}>
              {candidate.name} ({candidate.email})
            </option>
          ))}
        </SelectField>
        <FormMessage state={visibleState} />
        <SubmitButton variant="secondary" pendingLabel="Requesting…">
          Transfer ownership
        </SubmitButton>
      </form>
      {/* Outside the form: the step-up dialog has a form of its own, and forms don't nest. */}
      {dialog}
    </>
  );
}
