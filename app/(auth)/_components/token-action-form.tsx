"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionResult } from "@/lib/errors";

type Props = {
  token: string;
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  label: string;
  pendingLabel: string;
};

/**
 * Links in emails open a page with one button: opening a link (or a mail scanner
 * prefetching it) never changes anything by itself; pressing the button does.
 */
export function TokenActionForm({ token, action, label, pendingLabel }: Props) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      {state?.ok ? null : <SubmitButton pendingLabel={pendingLabel}>{label}</SubmitButton>}
    </form>
  );
}
