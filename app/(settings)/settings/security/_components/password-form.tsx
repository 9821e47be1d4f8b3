"use client";

import { useActionState, useRef } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import type { PasswordPolicyName } from "@/lib/validation/password-rules";
import { changePasswordAction } from "../actions";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

type Props = { policy: PasswordPolicyName; hasPassword: boolean; hasSecondFactor: boolean; stepUpMethod: StepUpMethod };

export function PasswordForm({ policy, hasPassword, hasSecondFactor, stepUpMethod }: Props) {
  const [state, action] = useActionState(changePasswordAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const errors = visibleState && !visibleState.ok ? visibleState.fieldErrors : undefined;
  return (
    <>
      <form ref={form} action={action} className="max-w-xl space-y-4" noValidate key={state?.ok ? "saved" : "editing"}>
        {hasPassword ? <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" required errors={errors?.currentPassword} /> : null}
        <NewPasswordFields policy={policy} hasSecondFactor={hasSecondFactor} errors={errors} passwordLabel="New password" confirmLabel="Confirm new password" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="signOutOtherSessions" defaultChecked className="size-4 accent-blue-600" />
          Sign out of other devices
        </label>
        <FormMessage state={visibleState} />
        <SubmitButton pendingLabel={hasPassword ? "Changing…" : "Setting…"}>{hasPassword ? "Change password" : "Set password"}</SubmitButton>
      </form>
      {dialog}
    </>
  );
}
