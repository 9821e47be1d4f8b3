"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionResult } from "@/lib/errors";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

export function OwnershipTransferButtons({ organizationId, orgName, accept, decline }: { organizationId: string; orgName: string; accept: Action; decline: Action }) {
  const [acceptState, acceptAction] = useActionState(accept, null);
  const [declineState, declineAction] = useActionState(decline, null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={declineAction} aria-label={`Decline ownership of ${orgName}`}>
        <input type="hidden" name="organizationId" value={organizationId} />
        <SubmitButton variant="secondary" pendingLabel="Declining…">
          Decline
        </SubmitButton>
      </form>
      <form action={acceptAction} aria-label={`Accept ownership of ${orgName}`}>
        <input type="hidden" name="organizationId" value={organizationId} />
        <SubmitButton pendingLabel="Accepting…">Accept ownership</SubmitButton>
      </form>
      <FormMessage state={acceptState ?? declineState} />
    </div>
  );
}
