"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { updateWebhookEndpointAction } from "../actions";
import { EndpointFields, type EndpointValues } from "./endpoint-fields";

/** The endpoint's URL, description and categories, saved together. */
export function EditEndpointForm({ endpointId, initial, allowLoopback }: { endpointId: string; initial: EndpointValues; allowLoopback: boolean }) {
  const [values, setValues] = useState(initial);
  const [state, action] = useActionState(updateWebhookEndpointAction, null);
  return (
    <form action={action} className="max-w-xl space-y-4" noValidate>
      <input type="hidden" name="endpointId" value={endpointId} />
      <EndpointFields idPrefix="edit-endpoint" values={values} onChange={setValues} errors={state && !state.ok ? state.fieldErrors : undefined} allowLoopback={allowLoopback} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Checking the URL…">Save changes</SubmitButton>
    </form>
  );
}
