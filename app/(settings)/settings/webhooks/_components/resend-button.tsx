"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { resendWebhookDeliveryAction } from "../actions";

/** "Resend", named on its own: "Resend webhook.test from 2026-11-28 02:10:00 UTC". */
export function ResendButton({ deliveryId, name }: { deliveryId: string; name: string }) {
  const [state, action] = useActionState(resendWebhookDeliveryAction, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <ResendSubmit name={name} />
      <FormMessage state={state} />
    </form>
  );
}

function ResendSubmit({ name }: { name: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending} aria-disabled={pending} aria-label={`Resend ${name}`}>
      {pending ? "Resending…" : "Resend"}
    </Button>
  );
}
