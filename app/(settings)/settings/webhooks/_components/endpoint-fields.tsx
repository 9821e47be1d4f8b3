"use client";

import { Field } from "@/components/forms/field";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "@/lib/notifications/categories";
import { WEBHOOK_DESCRIPTION_MAX_LENGTH } from "@/lib/webhooks/schemas";

export type EndpointValues = { url: string; description: string; categories: NotificationCategory[] };

export const NEW_ENDPOINT: EndpointValues = {
  url: "",
  description: "",
  categories: NOTIFICATION_CATEGORIES.map((category) => category.id).filter((id) => id !== "product_updates"),
};

type Props = {
  /** Prefix of the inputs' ids: one form per endpoint may be on the page. */
  idPrefix: string;
  values: EndpointValues;
  onChange: (values: EndpointValues) => void;
  errors: Record<string, string[]> | undefined;
  /** The development switch is on: http://localhost is allowed too. */
  allowLoopback: boolean;
};

/**
 * The fields of an endpoint, controlled: React resets a form after its action, and a refused
 * URL must stay in the field for the person to correct.
 */
export function EndpointFields({ idPrefix, values, onChange, errors, allowLoopback }: Props) {
  const categoriesError = errors?.categories?.[0];
  const toggle = (id: NotificationCategory, on: boolean) =>
    onChange({ ...values, categories: on ? [...values.categories, id] : values.categories.filter((category) => category !== id) });
  return (
    <>
      <Field
        name="url"
        id={`${idPrefix}-url`}
        label="Webhook URL"
        type="url"
        inputMode="url"
        required
        autoComplete="off"
        spellCheck={false}
        placeholder="https://hooks.example.com/latchkey"
        description={
          allowLoopback
            ? "Must start with https:// (this server also allows http://localhost for development). Slack and Discord incoming-webhook URLs work as they are."
            : "Must start with https://. Slack and Discord incoming-webhook URLs work as they are."
        }
        value={values.url}
        onChange={(event) => onChange({ ...values, url: event.target.value })}
        errors={errors?.url}
      />
      <Field
        name="description"
        id={`${idPrefix}-description`}
        label="Description"
        maxLength={WEBHOOK_DESCRIPTION_MAX_LENGTH}
        autoComplete="off"
        description="What receives them, such as “Team Slack channel”."
        value={values.description}
        onChange={(event) => onChange({ ...values, description: event.target.value })}
        errors={errors?.description}
      />
      <fieldset className="space-y-2" aria-describedby={categoriesError ? `${idPrefix}-categories-error` : undefined}>
        <legend className="text-sm font-medium">Notifications it receives</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Only those you also leave on in the Webhook column of your notification settings.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          {NOTIFICATION_CATEGORIES.map((category) => (
            <label key={category.id} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="categories"
                value={category.id}
                checked={values.categories.includes(category.id)}
                onChange={(event) => toggle(category.id, event.target.checked)}
                className="mt-0.5 size-4 rounded border-zinc-300 accent-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:accent-zinc-100"
              />
              <span>{category.label}</span>
            </label>
          ))}
        </div>
        {categoriesError ? (
          <p id={`${idPrefix}-categories-error`} className="text-sm text-red-700 dark:text-red-400">
            {categoriesError}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
