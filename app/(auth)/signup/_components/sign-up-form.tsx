"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import type { PasswordPolicyName } from "@/lib/validation/password-rules";
import { signUpAction } from "../actions";

/** `invitation`: sign-up from an invitation link, whose address is fixed (the server uses the invitation's anyway). */
export function SignUpForm({ policy, invitation }: { policy: PasswordPolicyName; invitation?: { token: string; email: string; orgName: string } }) {
  const [state, action] = useActionState(signUpAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" autoComplete="given-name" required maxLength={100} defaultValue={fields?.firstName} errors={errors?.firstName} />
        <Field name="lastName" label="Last name" autoComplete="family-name" required maxLength={100} defaultValue={fields?.lastName} errors={errors?.lastName} />
      </div>
      {invitation ? <input type="hidden" name="invitation" value={invitation.token} /> : null}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={invitation?.email ?? fields?.email}
        readOnly={invitation ? true : undefined}
        description={invitation ? `The address ${invitation.orgName} invited. Your account joins ${invitation.orgName} once it is created.` : undefined}
        errors={errors?.email}
      />
      <NewPasswordFields policy={policy} errors={errors} />
      <Field
        name="organizationName"
        label="Organization name"
        autoComplete="organization"
        maxLength={100}
        defaultValue={fields?.organizationName}
        errors={errors?.organizationName}
        description="Your first organization. Leave empty to use “<First name>'s organization”."
      />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
    </form>
  );
}
