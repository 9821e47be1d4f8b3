"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { removePasswordAction } from "../actions";

/** Makes the account password-less: offered only to accounts that have a passkey. */
export function RemovePasswordButton({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const [state, action, pending] = useActionState(removePasswordAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <form ref={form} action={action} className="mt-6 max-w-xl space-y-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You have a passkey, so you can sign in without a password.</p>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(true)}>
          Remove password
        </Button>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
      <ConfirmDialog
        open={confirming}
        title="Remove your password?"
        confirmLabel="Remove password"
        onClose={() => setConfirming(false)}
        onConfirm={() => form.current?.requestSubmit()}
      >
        You&apos;ll sign in with a passkey only. You can set a password again at any time.
      </ConfirmDialog>
    </>
  );
}
