"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionResult } from "@/lib/errors";

type Props = { signOut: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult> };

/** "Sign out", as the settings menu does it, for someone who opened another address's invitation. */
export function SignOutForm({ signOut }: Props) {
  // Through useActionState, so the action gets the form as its second argument, as every action does.
  const [state, action] = useActionState(signOut, null);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Signing out…" variant="secondary">
        Sign out
      </SubmitButton>
    </form>
  );
}
