"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { leaveOrganizationAction } from "../actions";

export function LeaveButton({ orgId, name }: { orgId: string; name: string }) {
  const [state, action, pending] = useActionState(leaveOrganizationAction, null);
  const form = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="shrink-0 sm:max-w-xs">
      <form ref={form} action={action} className="space-y-2">
        <input type="hidden" name="orgId" value={orgId} />
        <Button type="button" variant="secondary" disabled={pending} onClick={() => setConfirming(true)} aria-label={`Leave ${name}`}>
          {pending ? "Leaving…" : "Leave"}
        </Button>
        <FormMessage state={state} />
      </form>
      <ConfirmDialog open={confirming} title={`Leave ${name}?`} confirmLabel="Leave" onClose={() => setConfirming(false)} onConfirm={() => form.current?.requestSubmit()}>
        You&apos;ll lose access to {name} until someone invites you again.
      </ConfirmDialog>
    </div>
  );
}
