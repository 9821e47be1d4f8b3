"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import { revokeSessionAction, revokeSessionsAction } from "../actions";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

export function RevokeSessionButton({ sessionId, device, stepUpMethod }: { sessionId: string; device: string; stepUpMethod: StepUpMethod }) {
  const [state, action, pending] = useActionState(revokeSessionAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="shrink-0">
      <form ref={form} action={action}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(true)} aria-label={`Sign out ${device}`}>
          {pending ? "Signing out…" : "Sign out"}
        </Button>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
      <ConfirmDialog open={confirming} title="Sign out this session?" confirmLabel="Sign out" onClose={() => setConfirming(false)} onConfirm={() => form.current?.requestSubmit()}>
        {device} will be signed out on its next request.
      </ConfirmDialog>
    </div>
  );
}

export function RevokeOthersButton({ count, stepUpMethod }: { count: number; stepUpMethod: StepUpMethod }) {
  const [state, action, pending] = useActionState(revokeSessionsAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <form ref={form} action={action} className="space-y-2">
        <input type="hidden" name="scope" value="others" />
        <Button type="button" variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
          {pending ? "Signing out…" : "Sign out all other sessions"}
        </Button>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
      <ConfirmDialog
        open={confirming}
        title="Sign out all other sessions?"
        confirmLabel="Sign out others"
        onClose={() => setConfirming(false)}
        onConfirm={() => form.current?.requestSubmit()}
      >
        {count === 1 ? "1 other session" : `${count} other sessions`} will be signed out. This device stays signed in.
      </ConfirmDialog>
    </>
  );
}
