import type { ReactNode, SelectHTMLAttributes } from "react";
import { FieldText, describedBy } from "./field-text";

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & {
  name: string;
  label: string;
  errors?: string[];
  description?: ReactNode;
  children: ReactNode;
};

export const SELECT_CLASS =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600 aria-invalid:border-red-700 disabled:bg-zinc-100 disabled:text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-300 dark:aria-invalid:border-red-400";

/** A labelled select with its description and inline error, like Field. */
export function SelectField({ name, label, errors, description, id = name, children, ...selectProps }: SelectFieldProps) {
  const error = errors?.[0];
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { description, error }).ariaDescribedBy}
        className={SELECT_CLASS}
        {...selectProps}
      >
        {children}
      </select>
      <FieldText id={id} description={description} error={error} />
    </div>
  );
}
