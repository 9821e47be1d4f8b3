"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { updateProfileAction } from "../actions";

type Profile = { firstName: string; lastName: string; email: string; jobTitle: string | null; phoneNumber: string | null };

export function ProfileForm({ profile }: { profile: Profile }) {
  const [state, action] = useActionState(updateProfileAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // After a failed save the form shows what was typed; after a successful one, what was stored.
  const values = state && !state.ok && state.fields ? state.fields : profile;
  return (
    <form action={action} className="max-w-xl space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" autoComplete="given-name" required maxLength={100} defaultValue={values.firstName ?? ""} errors={errors?.firstName} />
        <Field name="lastName" label="Last name" autoComplete="family-name" required maxLength={100} defaultValue={values.lastName ?? ""} errors={errors?.lastName} />
      </div>
      <Field
        name="email"
        id="email"
        label="Email"
        type="email"
        value={profile.email}
        readOnly
        required
        description="Changing your email address comes with verification of the new address."
      />
      <Field name="jobTitle" label="Job position" autoComplete="organization-title" maxLength={100} defaultValue={values.jobTitle ?? ""} errors={errors?.jobTitle} />
      <Field
        name="phoneNumber"
        label="Phone number"
        type="tel"
        autoComplete="tel"
        maxLength={32}
        defaultValue={values.phoneNumber ?? ""}
        errors={errors?.phoneNumber}
        description="With the country code, like +1 415 555 0123."
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </form>
  );
}
