"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { countryOptions } from "@/lib/organizations/countries";
import type { OrganizationDetails } from "@/lib/organizations/organizations";
import { updateOrganizationAction } from "../actions";

type Props = { organizationId: string; details: OrganizationDetails; editable: boolean };

/**
 * Name, country and slug; read-only for roles that may not edit them. The countries are named
 * here rather than passed from the page, so the page's payload does not carry 249 of them.
 */
export function OrganizationDetailsForm({ organizationId, details, editable }: Props) {
  const [state, action] = useActionState(updateOrganizationAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  const value = (name: "name" | "slug" | "country") => fields?.[name] ?? details[name] ?? "";
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="organizationId" value={organizationId} />
      {editable ? null : <p className="text-sm text-zinc-600 dark:text-zinc-400">Only Owners and Admins can change these details.</p>}
      <Field name="name" label="Organization name" required maxLength={100} readOnly={!editable} defaultValue={value("name")} key={`name-${value("name")}`} errors={errors?.name} />
      <SelectField name="country" label="Country" disabled={!editable} defaultValue={value("country")} key={`country-${value("country")}`} errors={errors?.country}>
        <option value="">Not set</option>
        {countryOptions().map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </SelectField>
      <Field
        name="slug"
        label="Slug"
        required
        maxLength={48}
        readOnly={!editable}
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={value("slug")}
        key={`slug-${value("slug")}`}
        errors={errors?.slug}
        description="The organization's handle: lowercase letters, digits and hyphens. Unique across Latchkey."
      />
      {editable ? (
        <>
          <FormMessage state={state} />
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </>
      ) : null}
    </form>
  );
}
