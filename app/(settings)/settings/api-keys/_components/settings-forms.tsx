"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { API_KEY_RATE_LIMIT_MAX, API_KEY_RATE_LIMIT_MIN, API_KEY_SECRET_POLICIES, type ApiKeySecretPolicy } from "@/lib/api-keys/choices";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import type { ActionResult } from "@/lib/errors";
import { setApiKeyRateLimitAction, setApiKeySecretPolicyAction, setDefaultApiKeyRateLimitAction } from "../actions";

const POLICY_HINTS: Record<ApiKeySecretPolicy, string> = {
  reveal: "Secrets are kept encrypted. People who may reveal a key can view it again after confirming with a second factor.",
  show_once: "Only a fingerprint of each secret is kept. A lost key must be rotated.",
};

/** "API key secrets": reveal after two-factor verification, or show once (which deletes the stored secrets). */
export function SecretPolicyForm({ organizationId, policy, stepUpMethod }: { organizationId: string; policy: ApiKeySecretPolicy; stepUpMethod: StepUpMethod }) {
  const [chosen, setChosen] = useState<ApiKeySecretPolicy>(policy);
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(setApiKeySecretPolicyAction, null);
  const form = useRef<HTMLFormElement>(null);
  // Set once the person agreed to delete the stored secrets, so the step-up retry doesn't ask again.
  const approved = useRef(false);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <form
        ref={form}
        action={action}
        className="space-y-3"
        onSubmit={(event) => {
          // Switching to show once deletes secrets: asked first.
          if (chosen === "show_once" && policy === "reveal" && !approved.current) {
            event.preventDefault();
            setConfirming(true);
          }
        }}
      >
        <input type="hidden" name="organizationId" value={organizationId} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">API key secrets</legend>
          {API_KEY_SECRET_POLICIES.map((option) => (
            <div key={option.id} className="flex items-start gap-2">
              <input
                type="radio"
                id={`policy-${option.id}`}
                name="policy"
                value={option.id}
                checked={chosen === option.id}
                onChange={() => {
                  approved.current = false;
                  setChosen(option.id);
                }}
                aria-describedby={`policy-${option.id}-hint`}
                className="mt-1 size-4 accent-zinc-900 dark:accent-zinc-100"
              />
              <div>
                <label htmlFor={`policy-${option.id}`} className="text-sm font-medium">
                  {option.label}
                  {option.id === "reveal" ? <span className="font-normal text-zinc-600 dark:text-zinc-400"> (default)</span> : null}
                </label>
                <p id={`policy-${option.id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
                  {POLICY_HINTS[option.id]}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <FormMessage state={visibleState} />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save secret policy
        </SubmitButton>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Show secrets only once?"
        confirmLabel="Delete stored secrets"
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          approved.current = true;
          form.current?.requestSubmit();
        }}
      >
        Every stored secret is deleted at once and can&apos;t be viewed again. The keys keep working. Switching back later affects only new keys.
      </ConfirmDialog>
      {dialog}
    </>
  );
}

/** Requests per minute, with the bounds the server checks. */
function RateLimitField({
  id,
  label,
  value,
  onChange,
  state,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  state: ActionResult<unknown> | null;
}) {
  return (
    <Field
      name="rateLimit"
      id={id}
      label={label}
      type="number"
      inputMode="numeric"
      min={API_KEY_RATE_LIMIT_MIN}
      max={API_KEY_RATE_LIMIT_MAX}
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
      errors={state && !state.ok ? state.fieldErrors?.rateLimit : undefined}
      className="sm:w-48"
    />
  );
}

/** The organization's default requests per minute per key. */
export function DefaultRateLimitForm({ organizationId, rateLimit, stepUpMethod }: { organizationId: string; rateLimit: number; stepUpMethod: StepUpMethod }) {
  const [value, setValue] = useState(String(rateLimit));
  const [state, action] = useActionState(setDefaultApiKeyRateLimitAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <form ref={form} action={action} className="space-y-3" noValidate>
        <input type="hidden" name="organizationId" value={organizationId} />
        <RateLimitField id="default-rate-limit" label="Default rate limit (requests per minute per key)" value={value} onChange={setValue} state={visibleState} />
        <FormMessage state={visibleState} />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save default limit
        </SubmitButton>
      </form>
      {dialog}
    </>
  );
}

/** One key's own limit, or back to the organization's default. */
export function KeyRateLimitForm({
  organizationId,
  keyId,
  rateLimit,
  isDefault,
  stepUpMethod,
}: {
  organizationId: string;
  keyId: string;
  rateLimit: number;
  isDefault: boolean;
  stepUpMethod: StepUpMethod;
}) {
  const [mode, setMode] = useState(isDefault ? "default" : "custom");
  const [value, setValue] = useState(String(rateLimit));
  const [state, action] = useActionState(setApiKeyRateLimitAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <form ref={form} action={action} className="space-y-3" noValidate>
        <input type="hidden" name="organizationId" value={organizationId} />
        <input type="hidden" name="keyId" value={keyId} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Rate limit of this key</legend>
          <div className="flex items-center gap-2">
            <input type="radio" id="key-limit-default" name="mode" value="default" checked={mode === "default"} onChange={() => setMode("default")} className="size-4" />
            <label htmlFor="key-limit-default" className="text-sm">
              The organization&apos;s default
            </label>
          </div>
          <div className="flex items-center gap-2">
            <input type="radio" id="key-limit-custom" name="mode" value="custom" checked={mode === "custom"} onChange={() => setMode("custom")} className="size-4" />
            <label htmlFor="key-limit-custom" className="text-sm">
              Its own limit
            </label>
          </div>
        </fieldset>
        {mode === "custom" ? <RateLimitField id="key-rate-limit" label="Requests per minute" value={value} onChange={setValue} state={visibleState} /> : null}
        <FormMessage state={visibleState} />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save rate limit
        </SubmitButton>
      </form>
      {dialog}
    </>
  );
}
