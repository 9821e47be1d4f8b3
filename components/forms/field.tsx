import type { InputHTMLAttributes, ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { FieldText, describedBy } from "./field-text";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  /** Server-side messages for this field; the first one is shown. */
  errors?: string[];
  description?: ReactNode;
};

/** A labelled input with its description and inline error, wired for screen readers. */
export function Field({ name, label, errors, description, id = name, ...inputProps }: FieldProps) {
  const error = errors?.[0];
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {inputProps.required ? null : <span className="font-normal text-zinc-600 dark:text-zinc-400"> (optional)</span>}
      </label>
      <Input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { description, error }).ariaDescribedBy} {...inputProps} />
      <FieldText id={id} description={description} error={error} />
    </div>
  );
}
