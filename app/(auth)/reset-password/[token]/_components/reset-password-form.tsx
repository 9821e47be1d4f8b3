"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import type { PasswordPolicyName } from "@/lib/validation/password-rules";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ token, policy }: { token: string; policy: PasswordPolicyName }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <NewPasswordFields policy={policy} errors={errors} passwordLabel="New password" confirmLabel="Confirm new password" />
      <SubmitButton pendingLabel="Saving…">Reset password</SubmitButton>
    </form>
  );
}
