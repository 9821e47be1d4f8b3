"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { Theme } from "@/lib/profile/schemas";
import { updateThemeAction } from "../actions";

const OPTIONS: { value: Theme; label: string; description: string }[] = [
  { value: "light", label: "Light", description: "Dark text on a light background." },
  { value: "dark", label: "Dark", description: "Light text on a dark background." },
  { value: "system", label: "System", description: "Follows your device's setting." },
];

export function ThemeForm({ theme }: { theme: Theme }) {
  const [state, action] = useActionState(updateThemeAction, null);
  const error = state && !state.ok ? state.fieldErrors?.theme?.[0] : undefined;
  return (
    <form action={action} className="max-w-xl space-y-5">
      <fieldset aria-describedby={error ? "theme-error" : undefined}>
        <legend className="mb-3 text-sm font-medium">Theme</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {OPTIONS.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer gap-3 rounded-lg border border-zinc-300 p-4 has-[:checked]:border-blue-600 has-[:checked]:ring-1 has-[:checked]:ring-blue-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600 dark:border-zinc-700"
            >
              <input type="radio" name="theme" value={option.value} defaultChecked={theme === option.value} className="mt-1 accent-blue-600" />
              <span>
                <span className="block text-sm font-medium">{option.label}</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">{option.description}</span>
              </span>
            </label>
          ))}
        </div>
        {error ? (
          <p id="theme-error" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </form>
  );
}
