"use client";

import { useActionState, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { updateWebhookEndpointAction } from "../actions";
import { EndpointFields, type EndpointValues } from "./endpoint-fields";

type Props = { endpointId: string; initial: EndpointValues; allowLoopback: boolean; stepUpMethod: StepUpMethod };

/** The endpoint's URL, description and categories, saved together; a new URL asks for step-up first. */
export function EditEndpointForm({ endpointId, initial, allowLoopback, stepUpMethod }: Props) {
  const [values, setValues] = useState(initial);
  const [state, action] = useActionState(updateWebhookEndpointAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog: stepUpDialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <form ref={form} action={action} className="max-w-xl space-y-4" noValidate>
        <input type="hidden" name="endpointId" value={endpointId} />
        <EndpointFields
          idPrefix="edit-endpoint"
          values={values}
          onChange={setValues}
          errors={visibleState && !visibleState.ok ? visibleState.fieldErrors : undefined}
          allowLoopback={allowLoopback}
        />
        <FormMessage state={visibleState} />
        <SubmitButton pendingLabel="Checking the URL…">Save changes</SubmitButton>
      </form>
      {stepUpDialog}
    </>
  );
}
