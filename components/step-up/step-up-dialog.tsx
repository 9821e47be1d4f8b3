"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
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
  const dialog = useRef<HTMLDialogElement>(null);
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
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  useEffect(() => {
    if (state?.ok && handled.current !== state) {
      handled.current = state;
      onClose();
      onConfirmed();
    }
  }, [state, onClose, onConfirmed]);

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      className="m-auto w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Confirm it&apos;s you
      </h2>
      <p id={`${id}-description`} className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        {method === "totp"
          ? "Enter the 6-digit code from your authenticator app. You won't be asked again for 10 minutes."
          : method === "passkey"
            ? "Use one of your passkeys. You won't be asked again for 10 minutes."
            : "Enter your password. You won't be asked again for 10 minutes."}
      </p>
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
            <Button type="button" onClick={usePasskey} autoFocus>
              Use a passkey
            </Button>
          </div>
        </div>
      ) : (
        <form action={action} className="space-y-4" noValidate>
          <input type="hidden" name="method" value={method} />
          <FormMessage state={state && !state.ok ? state : null} />
          {method === "totp" ? (
            <Field name="code" id={`${id}-code`} label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required autoFocus errors={errors?.code} />
          ) : (
            <Field name="password" id={`${id}-password`} label="Password" type="password" autoComplete="current-password" required autoFocus errors={errors?.password} />
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
    </dialog>
  );
}
