"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { removePushDeviceAction } from "../actions";

export function PushDeviceActions({ pushSubscriptionId, name }: { pushSubscriptionId: string; name: string }) {
  const [state, remove, removing] = useActionState(removePushDeviceAction, null);
  const form = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex shrink-0 flex-col items-start gap-2 sm:items-end">
      <form ref={form} action={remove}>
        <input type="hidden" name="pushSubscriptionId" value={pushSubscriptionId} />
        <Button type="button" variant="secondary" disabled={removing} onClick={() => setConfirming(true)} aria-label={`Remove ${name}`}>
          {removing ? "Removing…" : "Remove"}
        </Button>
      </form>
      <FormMessage state={state && !state.ok ? state : null} />
      <ConfirmDialog open={confirming} title={`Remove ${name}?`} confirmLabel="Remove" onClose={() => setConfirming(false)} onConfirm={() => form.current?.requestSubmit()}>
        This device gets no more push notifications from Latchkey. You can turn push on there again at any time.
      </ConfirmDialog>
    </div>
  );
}
