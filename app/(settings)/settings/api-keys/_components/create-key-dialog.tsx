"use client";

import { useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { API_KEY_ACCESS_LEVELS, API_KEY_DESCRIPTION_MAX_LENGTH, API_KEY_ENVIRONMENT_OPTIONS, API_KEY_EXPIRY_CHOICES, API_KEY_TYPES } from "@/lib/api-keys/choices";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { createApiKeyAction } from "../actions";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { ShownKeys, useShownOnce } from "./use-shown-once";

const EMPTY = { description: "", type: "integration", environment: "test", access: "read", expires: "1y", expiresOn: "" };
type Values = typeof EMPTY;

const CHOICES: { name: "type" | "environment" | "access"; label: string; options: readonly { id: string; label: string }[] }[] = [
  { name: "type", label: "Type", options: API_KEY_TYPES },
  { name: "environment", label: "Environment", options: API_KEY_ENVIRONMENT_OPTIONS },
  { name: "access", label: "Access", options: API_KEY_ACCESS_LEVELS },
];

/** "Create API key": the form, then the whole key once, in a dialog that doesn't close by accident. */
export function CreateKeyDialog({ organizationId, stepUpMethod, revealable, today }: { organizationId: string; stepUpMethod: StepUpMethod; revealable: boolean; today: string }) {
  const [open, setOpen] = useState(false);
  // Controlled: React resets a form after its action, and the step-up retry submits it again.
  const [values, setValues] = useState(EMPTY);
  const { action, form, stepUpDialog, failure, errors, shown, done, dismiss } = useShownOnce(createApiKeyAction, stepUpMethod);
  const set = (name: keyof Values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + 365);
  const close = () => {
    setOpen(false);
    dismiss();
  };

  return (
    <div>
      <Button
        type="button"
        onClick={() => {
          setValues(EMPTY);
          dismiss();
          setOpen(true);
        }}
      >
        Create API key
      </Button>
      <ModalDialog width="max-w-lg" open={open} onClose={close} title={shown ? "Your new API key" : "Create API key"} locked={Boolean(shown)}>
        {shown ? (
          <ShownKeys
            message={`${shown.data.description} is ready.`}
            keys={[{ id: shown.data.id, label: `API key ${shown.data.description}`, key: shown.data.key }]}
            revealable={revealable}
            closeLabel="I've copied it"
            onClose={close}
          />
        ) : (
          <form ref={form} action={action} className="space-y-4" noValidate>
            <input type="hidden" name="organizationId" value={organizationId} />
            <Field
              name="description"
              id="create-key-description"
              label="Description"
              description="What the key is for, such as “Production API Key”."
              required
              maxLength={API_KEY_DESCRIPTION_MAX_LENGTH}
              autoComplete="off"
              value={values.description}
              onChange={set("description")}
              errors={errors?.description}
            />
            <div className="grid gap-4 sm:grid-cols-3">
              {CHOICES.map((choice) => (
                <SelectField
                  key={choice.name}
                  id={`create-key-${choice.name}`}
                  name={choice.name}
                  label={choice.label}
                  value={values[choice.name]}
                  onChange={set(choice.name)}
                  errors={errors?.[choice.name]}
                >
                  {choice.options.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </SelectField>
              ))}
            </div>
            <SelectField id="create-key-expires" name="expires" label="Expires" value={values.expires} onChange={set("expires")} errors={errors?.expires}>
              {API_KEY_EXPIRY_CHOICES.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </SelectField>
            {values.expires === "custom" ? (
              <Field
                name="expiresOn"
                id="create-key-expires-on"
                label="Expiry date"
                type="date"
                required
                min={today}
                max={latest.toISOString().slice(0, 10)}
                description="The key stops working at the end of this day (UTC), at most 1 year from now."
                value={values.expiresOn}
                onChange={set("expiresOn")}
                errors={errors?.expiresOn}
              />
            ) : null}
            <FormMessage state={failure} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={close}>
                Cancel
              </Button>
              <SubmitButton pendingLabel="Generating…">Generate key</SubmitButton>
            </div>
          </form>
        )}
      </ModalDialog>
      <FormMessage state={done} />
      {stepUpDialog}
    </div>
  );
}
