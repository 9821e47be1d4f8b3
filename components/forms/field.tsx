import type { InputHTMLAttributes, ReactNode } from "react";
import { Input } from "@/components/ui/input";

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
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {inputProps.required ? null : <span className="font-normal text-zinc-600 dark:text-zinc-400"> (optional)</span>}
      </label>
      <Input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[descriptionId, errorId].filter(Boolean).join(" ") || undefined}
        {...inputProps}
      />
      {description ? (
        <p id={descriptionId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
