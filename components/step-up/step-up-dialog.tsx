"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { stepUpAction } from "@/app/(settings)/settings/actions";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";

type Props = {
  open: boolean;
  method: "password" | "totp";
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
          : "Enter your password. You won't be asked again for 10 minutes."}
      </p>
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
      </form>
    </dialog>
  );
}
