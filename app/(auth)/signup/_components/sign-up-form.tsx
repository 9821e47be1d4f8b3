"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import type { PasswordPolicyName } from "@/lib/validation/password-rules";
import { signUpAction } from "../actions";

export function SignUpForm({ policy }: { policy: PasswordPolicyName }) {
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
      <Field name="email" label="Email" type="email" autoComplete="email" required maxLength={254} defaultValue={fields?.email} errors={errors?.email} />
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
