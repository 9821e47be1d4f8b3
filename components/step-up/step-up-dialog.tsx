"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { stepUpAction, stepUpPasskeyOptionsAction } from "@/app/(settings)/settings/actions";
import { getPasskeyAssertion } from "@/components/passkeys/use-passkey-assertion";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { useHasPasskey } from "./step-up-context";

type Props = {
  open: boolean;
  method: StepUpMethod;
  onClose: () => void;
  /** Called once the step-up succeeded: usually re-submits the form that asked for it. */
  onConfirmed: () => void;
};

/** "Confirm it's you": a modal dialog on the same page (native <dialog>: focus stays inside, Escape closes). */
export function StepUpDialog({ open, method, onClose, onConfirmed }: Props) {
  // A page can hold several of these dialogs: ids must not collide.
  const id = useId();
  const [state, action] = useActionState(stepUpAction, null);
  const handled = useRef<typeof state>(null);
  const hasPasskey = useHasPasskey();
  const [passkeyError, setPasskeyError] = useState<string | null>(null);

  const usePasskey = async () => {
    setPasskeyError(null);
    const outcome = await getPasskeyAssertion(stepUpPasskeyOptionsAction);
    if (!outcome.ok) {
      setPasskeyError(outcome.message);
      return;
    }
    const formData = new FormData();
    formData.set("method", "passkey");
    formData.set("response", outcome.response);
    startTransition(() => action(formData));
  };

  useEffect(() => {
    if (state?.ok && handled.current !== state) {
      handled.current = state;
      onClose();
      onConfirmed();
    }
  }, [state, onClose, onConfirmed]);

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      title="Confirm it's you"
      description={
        method === "totp"
          ? "Enter the 6-digit code from your authenticator app. You won't be asked again for 10 minutes."
          : method === "passkey"
            ? "Use one of your passkeys. You won't be asked again for 10 minutes."
            : "Enter your password. You won't be asked again for 10 minutes."
      }
    >
      {passkeyError ? (
        <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-400">
          {passkeyError}
        </p>
      ) : null}
      {method === "passkey" ? (
        <div className="space-y-4">
          <FormMessage state={state && !state.ok ? state : null} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="button" onClick={usePasskey} data-autofocus>
              Use a passkey
            </Button>
          </div>
        </div>
      ) : (
        <form action={action} className="space-y-4" noValidate>
          <input type="hidden" name="method" value={method} />
          <FormMessage state={state && !state.ok ? state : null} />
          {method === "totp" ? (
            <Field name="code" id={`${id}-code`} label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required data-autofocus errors={errors?.code} />
          ) : (
            <Field name="password" id={`${id}-password`} label="Password" type="password" autoComplete="current-password" required data-autofocus errors={errors?.password} />
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <SubmitButton pendingLabel="Confirming…">Confirm</SubmitButton>
          </div>
          {hasPasskey ? (
            <button
              type="button"
              onClick={usePasskey}
              className="text-sm font-medium text-blue-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
            >
              Use a passkey instead
            </button>
          ) : null}
        </form>
      )}
    </ModalDialog>
  );
}
