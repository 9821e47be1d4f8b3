"use client";

import { useActionState, useEffect, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { COMPANY_NAME_MAX_LENGTH } from "@/lib/organizations/company-schemas";
import { createCompanyAction } from "../actions";

export function NewCompanyForm({ organizationId }: { organizationId: string }) {
  const [state, action] = useActionState(createCompanyAction, null);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    if (state?.ok) setFormKey((key) => key + 1);
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <section aria-labelledby="new-company" className="mb-8 max-w-md">
      <h2 id="new-company" className="mb-3 text-lg font-semibold">
        New company
      </h2>
      <form key={formKey} action={action} className="space-y-3" noValidate>
        <input type="hidden" name="organizationId" value={organizationId} />
        <Field id="new-company-name" name="name" label="Company name" required maxLength={COMPANY_NAME_MAX_LENGTH} defaultValue={fields?.name} errors={errors?.name} />
        <FormMessage state={state && !state.ok && errors?.name ? null : state} />
        <SubmitButton pendingLabel="Creating…">Create company</SubmitButton>
      </form>
    </section>
  );
}
