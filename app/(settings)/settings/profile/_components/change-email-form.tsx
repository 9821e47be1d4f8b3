"use client";

import { useActionState, useRef, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import { requestEmailChangeAction } from "../actions";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

export function ChangeEmailForm({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(requestEmailChangeAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const failed = visibleState && !visibleState.ok ? visibleState : null;
  // React empties the form after every submit, the one that asked for a step-up included; the
  // step-up dialog then sends the form again, so the address must come back from the state.
  const echoed = state && !state.ok ? state.fields : undefined;
  if (!open) {
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Change email
      </Button>
    );
  }
  return (
    <>
      <form ref={form} action={action} className="max-w-xl space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" noValidate>
        <Field
          name="email"
          id="new-email"
          label="New email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={echoed?.email}
          errors={failed?.fieldErrors?.email}
          description="We'll send a link to the new address. Your email changes only when you open it, and we'll tell your current address."
        />
        <FormMessage state={visibleState} />
        <div className="flex gap-2">
          <SubmitButton pendingLabel="Sending…">Send confirmation link</SubmitButton>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
      </form>
      {dialog}
    </>
  );
}
