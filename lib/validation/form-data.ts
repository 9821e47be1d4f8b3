// Form submissions as plain objects for zod (safe to import in client code).
import { z } from "zod";

/**
 * A field sent once becomes a value, a field sent several times (checkboxes, multi-selects)
 * an array. Next.js's own `$ACTION_…` fields are left out.
 */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const result: Record<string, FormDataEntryValue | FormDataEntryValue[]> = Object.create(null);
  for (const [name, value] of formData) {
    if (name.startsWith("$ACTION")) continue;
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[name] = [existing, value];
  }
  return result;
}

/** A field that may be sent any number of times (checkboxes): always an array, at most `max` items. */
export function repeatedField<T extends z.ZodType>(item: T, { max, label }: { max: number; label: string }) {
  return z
    .union([item, z.array(item)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .refine((values) => values.length <= max, `Choose at most ${max} ${label}.`) as unknown as z.ZodType<z.output<T>[]>;
}
