"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionResult } from "@/lib/errors";
import { countryOptions } from "@/lib/organizations/countries";

type Props = {
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  /** Distinguishes the ids when the form shows twice on a page (switcher dialog and empty state). */
  idPrefix: string;
  children?: React.ReactNode;
};

/** Name and country; the person becomes the Owner and the switcher moves to it. */
export function CreateOrganizationForm({ action, idPrefix, children }: Props) {
  const [state, formAction] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field
        id={`${idPrefix}-name`}
        name="name"
        label="Organization name"
        required
        maxLength={100}
        defaultValue={fields?.name}
        key={`name-${fields?.name}`}
        errors={errors?.name}
      />
      <SelectField id={`${idPrefix}-country`} name="country" label="Country" defaultValue={fields?.country ?? ""} key={`country-${fields?.country}`} errors={errors?.country}>
        <option value="">Not set</option>
        {countryOptions().map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </SelectField>
      <FormMessage state={state} />
      <div className="flex justify-end gap-2">
        {children}
        <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
      </div>
    </form>
  );
}
