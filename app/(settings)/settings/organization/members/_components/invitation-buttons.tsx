"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { resendInvitationAction, revokeInvitationAction } from "../actions";
import { RowSubmitButton } from "./member-controls";

/** "Resend" (a new link; the old one stops working) and "Revoke" (behind a confirmation) for one invitation. */
export function InvitationButtons({ organizationId, invitationId, email }: { organizationId: string; invitationId: string; email: string }) {
  const [resendState, resend] = useActionState(resendInvitationAction, null);
  const [revokeState, revoke, revoking] = useActionState(revokeInvitationAction, null);
  const revokeForm = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-2">
        <form action={resend}>
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="invitationId" value={invitationId} />
          <RowSubmitButton label={`Resend invitation to ${email}`} pendingLabel="Sending…">
            Resend
          </RowSubmitButton>
        </form>
        <form ref={revokeForm} action={revoke}>
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="invitationId" value={invitationId} />
          <Button type="button" variant="secondary" className="px-3 py-1.5" disabled={revoking} onClick={() => setConfirming(true)} aria-label={`Revoke invitation to ${email}`}>
            {revoking ? "Revoking…" : "Revoke"}
          </Button>
        </form>
      </div>
      <FormMessage state={resendState} />
      <FormMessage state={revokeState} />
      <ConfirmDialog
        open={confirming}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        onClose={() => setConfirming(false)}
        onConfirm={() => revokeForm.current?.requestSubmit()}
      >
        The link sent to {email} stops working. You can invite them again later.
      </ConfirmDialog>
    </div>
  );
}
