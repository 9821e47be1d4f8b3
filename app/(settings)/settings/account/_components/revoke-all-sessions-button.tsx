"use client";

import { useActionState, useRef, useState } from "react";
import { revokeSessionsAction } from "@/app/(settings)/settings/sessions/actions";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

export function RevokeAllSessionsButton({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const [state, action, pending] = useActionState(revokeSessionsAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <form ref={form} action={action} className="space-y-2">
        <input type="hidden" name="scope" value="all" />
        <Button type="button" variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
          {pending ? "Signing out…" : "Revoke all sessions"}
        </Button>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
      <ConfirmDialog open={confirming} title="Revoke all sessions?" confirmLabel="Revoke all" onClose={() => setConfirming(false)} onConfirm={() => form.current?.requestSubmit()}>
        Every device signed in to your account will be signed out, including this one. You&apos;ll need to sign in again.
      </ConfirmDialog>
    </>
  );
}
