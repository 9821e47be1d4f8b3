"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { sendTestPushAction } from "../actions";

export function SendTestPushForm() {
  const [state, send] = useActionState(sendTestPushAction, null);
  return (
    <form action={send} className="space-y-2">
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        Send test notification
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
