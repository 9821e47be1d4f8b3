"use client";

import { startTransition, useActionState, useState } from "react";
import { getPasskeyAssertion } from "@/components/passkeys/use-passkey-assertion";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { passkeySecondFactorOptionsAction, verifySecondFactorAction } from "../actions";

export function SecondFactorForm({ next, hasPasskey }: { next: string; hasPasskey: boolean }) {
  const [state, action] = useActionState(verifySecondFactorAction, null);
  const [method, setMethod] = useState<"totp" | "recovery_code">("totp");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const usePasskey = async () => {
    setPasskeyError(null);
    const outcome = await getPasskeyAssertion(passkeySecondFactorOptionsAction);
    if (!outcome.ok) {
      setPasskeyError(outcome.message);
      return;
    }
    const formData = new FormData();
    formData.set("secondFactorMethod", "passkey");
    formData.set("code", outcome.response);
    formData.set("next", next);
    startTransition(() => action(formData));
  };
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {method === "totp"
          ? "Enter the 6-digit code from your authenticator app."
          : "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once."}
      </p>
      <form action={action} className="space-y-4" noValidate key={method}>
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="secondFactorMethod" value={method} />
        <FormMessage state={state} />
        {method === "totp" ? (
          <Field name="code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required autoFocus maxLength={12} errors={errors?.code} />
        ) : (
          <Field name="code" label="Recovery code" autoComplete="off" autoCapitalize="none" spellCheck={false} required autoFocus maxLength={32} errors={errors?.code} />
        )}
        <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
      </form>
      <button
        type="button"
        onClick={() => setMethod(method === "totp" ? "recovery_code" : "totp")}
        className="mt-4 text-sm font-medium text-blue-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
      >
        {method === "totp" ? "Use a recovery code" : "Use your authenticator app"}
      </button>
      {hasPasskey ? (
        <div className="mt-4">
          <Button type="button" variant="secondary" onClick={usePasskey}>
            Use a passkey
          </Button>
          {passkeyError ? (
            <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
              {passkeyError}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
