"use client";

import { Button } from "@/components/ui/button";
import { Field } from "./field";
import { SubmitButton } from "./submit-button";

// What destructive forms ask to be typed (a slug, an address, a key's description), and the
// submit button that stays disabled until it matches. The server checks the text again.

type FieldProps = { id: string; expected: string; value: string; onChange: (value: string) => void; errors?: string[] };

export function TypedConfirmationField({ id, expected, value, onChange, errors }: FieldProps) {
  return (
    <Field
      name="confirmation"
      id={id}
      label={`Type ${expected} to confirm`}
      autoComplete="off"
      spellCheck={false}
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
      errors={errors}
    />
  );
}

export function TypedConfirmSubmit({ matches, label, pendingLabel }: { matches: boolean; label: string; pendingLabel: string }) {
  return matches ? (
    <SubmitButton variant="danger" pendingLabel={pendingLabel}>
      {label}
    </SubmitButton>
  ) : (
    <Button type="submit" variant="danger" disabled>
      {label}
    </Button>
  );
}
