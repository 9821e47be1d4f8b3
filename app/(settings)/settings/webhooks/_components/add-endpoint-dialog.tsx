"use client";

import { useActionState, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { createWebhookEndpointAction } from "../actions";
import { EndpointFields, NEW_ENDPOINT } from "./endpoint-fields";
import { SigningSecret } from "./signing-secret";

/**
 * "Add endpoint": the form, step-up when the session needs it, then the signing secret once, in
 * a dialog that doesn't close by accident.
 */
export function AddEndpointDialog({ allowLoopback, atLimit, stepUpMethod }: { allowLoopback: boolean; atLimit: string | null; stepUpMethod: StepUpMethod }) {
  const [open, setOpen] = useState(false);
  // Controlled: React resets a form after its action, and the step-up retry submits it again.
  const [values, setValues] = useState(NEW_ENDPOINT);
  const [state, action] = useActionState(createWebhookEndpointAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog: stepUpDialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [dismissed, setDismissed] = useState<typeof state>(null);
  const shown = state?.ok && state !== dismissed ? state : null;
  const failure = visibleState && !visibleState.ok ? visibleState : null;
  const close = () => {
    setOpen(false);
    if (state?.ok) setDismissed(state);
  };
  return (
    <div className="space-y-2">
      <Button
        type="button"
        disabled={atLimit !== null}
        aria-describedby={atLimit ? "webhook-limit" : undefined}
        onClick={() => {
          setValues(NEW_ENDPOINT);
          if (state?.ok) setDismissed(state);
          setOpen(true);
        }}
      >
        Add endpoint
      </Button>
      {atLimit ? (
        <p id="webhook-limit" className="text-sm text-zinc-600 dark:text-zinc-400">
          {atLimit}
        </p>
      ) : null}
      <ModalDialog width="max-w-lg" open={open} onClose={close} title={shown ? "Endpoint added" : "Add endpoint"} locked={Boolean(shown)}>
        {shown ? (
          <SigningSecret message={shown.message ?? ""} url={shown.data.url} secret={shown.data.secret} onClose={close} />
        ) : (
          <form ref={form} action={action} className="space-y-4" noValidate>
            <EndpointFields idPrefix="add-endpoint" values={values} onChange={setValues} errors={failure?.fieldErrors} allowLoopback={allowLoopback} />
            <FormMessage state={failure} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={close}>
                Cancel
              </Button>
              <SubmitButton pendingLabel="Checking the URL…">Save endpoint</SubmitButton>
            </div>
          </form>
        )}
      </ModalDialog>
      {stepUpDialog}
    </div>
  );
}
